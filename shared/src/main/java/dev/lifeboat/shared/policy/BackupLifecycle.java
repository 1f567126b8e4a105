package dev.lifeboat.shared.policy;

/**
 * The lifecycle AWS Backup gives a recovery point Lifeboat copies into the recovery vault:
 * move to cold storage after so many days, delete after so many; 0 means never. AWS requires
 * a deletion at least 90 days after the move to cold storage.
 */
public record BackupLifecycle(int moveToColdStorageAfterDays, int deleteAfterDays) {

    public static final BackupLifecycle KEEP = new BackupLifecycle(0, 0);

    public BackupLifecycle {
        if (moveToColdStorageAfterDays < 0 || deleteAfterDays < 0) {
            throw new IllegalArgumentException("lifecycle days must not be negative");
        }
    }
}
