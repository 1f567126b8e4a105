package dev.lifeboat.resolverecoverypoint;

import dev.lifeboat.shared.restore.ResourceKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The recovery region's copies, as the resolver needs them. Reads only the region it runs in. */
public interface RecoveryPoints {

    /** Every Lifeboat copy (or Backup recovery point) of {@code sourceResource} of this kind, in any state. */
    List<RecoveryPoint> copiesOf(ResourceKind kind, String sourceResource);

    /** The copy named {@code id}, if it exists. */
    Optional<RecoveryPoint> named(ResourceKind kind, String id);

    /** The first available availability zone of the region, for an EBS volume that names none. */
    String defaultAvailabilityZone();

    /** The {@code default} security group of the DB subnet group's VPC: where RDS puts a database that names none. */
    String defaultSecurityGroup(String dbSubnetGroup);

    /** What AWS Backup needs to restore the recovery point ({@code GetRecoveryPointRestoreMetadata}). */
    Map<String, String> restoreMetadata(String recoveryPointArn);
}
