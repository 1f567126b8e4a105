package dev.lifeboat.shared.restore;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a restore brings back, as the request names it, and the {@code lifeboat:resource-type} tag
 * the copies it restores from carry.
 */
public enum ResourceKind {

    /** An EBS volume, from an EBS snapshot copy. */
    EBS_VOLUME("ebs-volume", "ebs-snapshot"),
    /** An RDS DB instance, from a DB snapshot copy. */
    RDS_INSTANCE("rds-instance", "rds-snapshot"),
    /** An Aurora DB cluster and its instances, from a cluster snapshot copy. */
    AURORA_CLUSTER("aurora-cluster", "aurora-cluster-snapshot"),
    /** Whatever an AWS Backup recovery point holds, through an AWS Backup restore job. */
    BACKUP_RECOVERY_POINT("backup-recovery-point", "backup-recovery-point");

    private final String wireName;
    private final String copyType;

    ResourceKind(String wireName, String copyType) {
        this.wireName = wireName;
        this.copyType = copyType;
    }

    /** The name in a restore request's {@code resourceType}. */
    public String wireName() {
        return wireName;
    }

    /** The {@code lifeboat:resource-type} tag value of the copies this kind restores from. */
    public String copyType() {
        return copyType;
    }

    public static Optional<ResourceKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equals(name)).findFirst();
    }

    /** The accepted names, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(ResourceKind::wireName).collect(Collectors.joining(", "));
    }
}
