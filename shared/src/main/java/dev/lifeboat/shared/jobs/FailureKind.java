package dev.lifeboat.shared.jobs;

/**
 * Each way a backup, copy or restore can fail that Lifeboat alerts on. {@link #title()} is the
 * short phrase an alert's subject uses; the alert function adds what to do next per kind.
 */
public enum FailureKind {
    BACKUP_JOB_FAILED("AWS Backup job failed"),
    BACKUP_JOB_ABORTED("AWS Backup job aborted"),
    BACKUP_JOB_EXPIRED("AWS Backup job expired"),
    COPY_JOB_FAILED("AWS Backup copy job failed"),
    RESTORE_JOB_FAILED("AWS Backup restore job failed"),
    EBS_SNAPSHOT_FAILED("EBS snapshot failed"),
    EBS_COPY_FAILED("EBS snapshot copy failed"),
    RDS_SNAPSHOT_FAILED("RDS snapshot failure"),
    RESTORE_WORKFLOW_FAILED("Restore workflow failed"),
    RESTORE_WORKFLOW_TIMED_OUT("Restore workflow timed out"),
    RESTORE_WORKFLOW_ABORTED("Restore workflow aborted"),
    DLM_POLICY_ERROR("Snapshot policy in error"),
    S3_REPLICATION_FAILED("S3 replication failed");

    private final String title;

    FailureKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
