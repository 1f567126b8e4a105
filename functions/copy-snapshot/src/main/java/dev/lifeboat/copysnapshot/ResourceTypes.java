package dev.lifeboat.copysnapshot;

import java.util.List;

/**
 * The kinds of recovery point Lifeboat copies, as the {@code lifeboat:resource-type} tag on a copy
 * names them (restore reads copies by these values: keep them as they are).
 */
final class ResourceTypes {

    static final String EBS_SNAPSHOT = "ebs-snapshot";
    static final String RDS_SNAPSHOT = "rds-snapshot";
    static final String AURORA_CLUSTER_SNAPSHOT = "aurora-cluster-snapshot";
    static final String BACKUP_RECOVERY_POINT = "backup-recovery-point";

    static final List<String> ALL = List.of(EBS_SNAPSHOT, RDS_SNAPSHOT, AURORA_CLUSTER_SNAPSHOT, BACKUP_RECOVERY_POINT);

    private ResourceTypes() {
    }
}
