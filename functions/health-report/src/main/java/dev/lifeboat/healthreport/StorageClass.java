package dev.lifeboat.healthreport;

import dev.lifeboat.shared.policy.StoragePrices;

/** Where a recovery-region copy's bytes are billed, each with its price per GB-month from the policy document. */
public enum StorageClass {
    EBS_STANDARD("EBS snapshot (standard)"),
    EBS_ARCHIVE("EBS snapshot (archive)"),
    RDS_SNAPSHOT("RDS snapshot"),
    AURORA_SNAPSHOT("Aurora cluster snapshot"),
    BACKUP_WARM("AWS Backup (warm)"),
    BACKUP_COLD("AWS Backup (cold)");

    private final String label;

    StorageClass(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Where a copy of this type is billed when its listing says nothing more (a copy made while the report ran). */
    public static StorageClass defaultFor(String copyType) {
        return switch (copyType) {
            case "rds-snapshot" -> RDS_SNAPSHOT;
            case "aurora-cluster-snapshot" -> AURORA_SNAPSHOT;
            case CopyRecord.BACKUP_RECOVERY_POINT -> BACKUP_WARM;
            default -> EBS_STANDARD;
        };
    }

    /** US dollars per GB-month. */
    public double pricePerGbMonth(StoragePrices prices) {
        return switch (this) {
            case EBS_STANDARD -> prices.ebsSnapshotStandard();
            case EBS_ARCHIVE -> prices.ebsSnapshotArchive();
            case RDS_SNAPSHOT -> prices.rdsSnapshot();
            case AURORA_SNAPSHOT -> prices.auroraSnapshot();
            case BACKUP_WARM -> prices.backupWarm();
            case BACKUP_COLD -> prices.backupCold();
        };
    }
}
