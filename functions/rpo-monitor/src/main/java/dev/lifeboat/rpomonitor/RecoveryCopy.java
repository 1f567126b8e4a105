package dev.lifeboat.rpomonitor;

import java.time.Instant;
import java.util.Optional;

/**
 * One copy in the recovery region, as the monitor sees it: which protected resource it is a copy
 * of, when that resource was backed up, and whether the copy can be restored from yet.
 *
 * @param sourceArn         the protected resource (EBS volume, DB instance, DB cluster, or what AWS Backup names)
 * @param resourceType      {@code ebs-volume}, {@code rds-instance}, {@code aurora-cluster}, or {@code backup:<type>}
 * @param sourceRegion      the region the resource lives in
 * @param policy            the {@code lifeboat:policy} tag the copy carries; empty for AWS Backup recovery points
 * @param copyId            what a restore starts from: snapshot id, DB (cluster) snapshot identifier, recovery point ARN
 * @param copyType          the copy's {@code lifeboat:resource-type} ({@code ebs-snapshot} …, {@code backup-recovery-point})
 * @param recoveryPointTime when the source was backed up ({@code lifeboat:created-at}), else when the copy was made
 * @param completed         whether the copy is complete (EBS {@code completed}, RDS {@code available}, AWS Backup {@code COMPLETED})
 */
public record RecoveryCopy(String sourceArn, String resourceType, String sourceRegion, Optional<String> policy, String copyId,
                           String copyType, Instant recoveryPointTime, boolean completed) {
}
