package dev.lifeboat.shared.jobs;

/** What kind of work an event reports on; {@link #dimension()} is its value in metrics and alerts. */
public enum JobType {
    BACKUP("backup"),
    COPY("copy"),
    RESTORE("restore"),
    /** A Data Lifecycle Manager policy: it takes the snapshots, so its errors stop backups. */
    SNAPSHOT_POLICY("snapshot-policy"),
    REPLICATION("replication");

    private final String dimension;

    JobType(String dimension) {
        this.dimension = dimension;
    }

    public String dimension() {
        return dimension;
    }
}
