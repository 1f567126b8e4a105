package dev.lifeboat.healthreport;

import java.time.Instant;

/**
 * One recovery-region copy as the report counts it.
 *
 * @param copyId    the snapshot id, DB (cluster) snapshot identifier or recovery point ARN
 * @param copyType  {@code ebs-snapshot}, {@code rds-snapshot}, {@code aurora-cluster-snapshot} or {@code backup-recovery-point}
 * @param createdAt when its source recovery point was taken
 * @param storage   where its bytes are billed
 * @param sizeGb    its billed size in GB, as far as the service says (an EBS snapshot's volume size is an upper bound)
 */
public record CopyRecord(String copyId, String copyType, Instant createdAt, StorageClass storage, double sizeGb) {

    static final String BACKUP_RECOVERY_POINT = "backup-recovery-point";

    /** Whether retention's tiers apply: they do to snapshots; AWS Backup recovery points follow the vault's lifecycle. */
    public boolean tiered() {
        return !BACKUP_RECOVERY_POINT.equals(copyType);
    }
}
