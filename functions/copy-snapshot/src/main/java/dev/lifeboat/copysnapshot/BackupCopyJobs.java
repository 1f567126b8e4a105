package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.policy.BackupLifecycle;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/** The AWS Backup operations the copy needs, in the Region the recovery point lives in. */
public interface BackupCopyJobs {

    /** One copy job, fully decided. */
    record BackupCopyRequest(Region region, String recoveryPointArn, String sourceVaultName, String destinationVaultArn,
                             String iamRoleArn, String idempotencyToken, BackupLifecycle lifecycle) {
    }

    /** A copy job's state ({@code CREATED}, {@code RUNNING}, {@code COMPLETED}, {@code FAILED}, …) and message. */
    record CopyJobStatus(String state, String statusMessage, Optional<String> destinationRecoveryPointArn) {
    }

    /** Starts the copy job and returns its id; throws {@link CopyFailedException}. */
    String startCopyJob(BackupCopyRequest request);

    /** Whether the backup plan rule that made the recovery point already copies to {@code destinationVaultArn}. */
    boolean planCopiesTo(Region region, String backupPlanId, Optional<String> version, Optional<String> ruleId, String destinationVaultArn);

    /** The copy job's status, or empty when AWS Backup does not know it. */
    Optional<CopyJobStatus> describeCopyJob(Region region, String copyJobId);

    /** The tags of the resource that was backed up (empty when it is gone), from the Resource Groups Tagging API. */
    Map<String, String> resourceTags(Region region, String resourceArn);
}
