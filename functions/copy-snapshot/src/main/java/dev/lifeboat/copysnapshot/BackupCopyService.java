package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.event.BackupEvent;
import dev.lifeboat.shared.event.EventEnvelope;
import dev.lifeboat.shared.ledger.Ledger;
import dev.lifeboat.shared.ledger.Ledger.Claim;
import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.PolicyCatalog;
import dev.lifeboat.copysnapshot.BackupCopyJobs.BackupCopyRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.regions.Region;

/**
 * Copies completed AWS Backup recovery points of protected resources to the recovery vault of
 * their policy's recovery Region (and account): {@code StartCopyJob} with an idempotency token
 * derived from the recovery point and the vault, and the policy's lifecycle. A recovery point
 * whose backup plan rule already copies to that vault is left to the plan: no double copies.
 */
public final class BackupCopyService {

    static final String COPY_JOB_ID = "copyJobId";
    static final String DESTINATION = "destinationVaultArn";

    private final BackupCopyJobs backup;
    private final PolicyCatalog policies;
    private final Ledger ledger;
    private final CopySlots slots;
    private final String recoveryVaultName;
    private final String copyRoleArn;

    public BackupCopyService(BackupCopyJobs backup, PolicyCatalog policies, Ledger ledger, CopyCaps caps,
                             String recoveryVaultName, String copyRoleArn) {
        this(backup, policies, ledger, new CopySlots(ledger, caps), recoveryVaultName, copyRoleArn);
    }

    BackupCopyService(BackupCopyJobs backup, PolicyCatalog policies, Ledger ledger, CopySlots slots,
                      String recoveryVaultName, String copyRoleArn) {
        this.backup = backup;
        this.policies = policies;
        this.ledger = ledger;
        this.slots = slots;
        this.recoveryVaultName = recoveryVaultName;
        this.copyRoleArn = copyRoleArn;
    }

    /** Handles one AWS Backup event: the outcome for the recovery point it names, or an exception for the record. */
    public CopyOutcome handle(BackupEvent event) {
        return switch (event) {
            case BackupEvent.BackupJobChanged job when !job.completed() -> new CopyOutcome.Skipped(job.recoveryPointArn().orElse(""),
                    "backup job " + job.backupJobId() + " is " + job.state() + ", not COMPLETED");
            case BackupEvent.BackupJobChanged job -> copy(job);
            case BackupEvent.CopyJobChanged copy -> new CopyOutcome.Skipped(copy.destinationRecoveryPointArn().orElse(""),
                    "a copy job event: copies are never copied again");
        };
    }

    private CopyOutcome copy(BackupEvent.BackupJobChanged job) {
        EventEnvelope envelope = job.envelope();
        Region region = Region.of(envelope.region());
        String recoveryPoint = job.recoveryPointArn().orElseThrow();
        String resource = job.resourceArn().orElseThrow();
        Map<String, String> tags = backup.resourceTags(region, resource);
        if (LifeboatTags.isLifeboatCopy(tags)) {
            return new CopyOutcome.Skipped(recoveryPoint, "its resource is a Lifeboat copy (tag " + LifeboatTags.MANAGED + ")");
        }
        Optional<String> policyName = Optional.ofNullable(tags.get(LifeboatTags.POLICY)).map(String::trim).filter(n -> !n.isEmpty());
        if (policyName.isEmpty()) {
            return new CopyOutcome.Skipped(recoveryPoint, "resource " + resource + " has no " + LifeboatTags.POLICY + " tag");
        }
        Policy policy = policies.find(policyName.get()).orElseThrow(() -> new CopyFailedException(
                "policy '" + policyName.get() + "' named by " + LifeboatTags.POLICY + " on " + resource
                        + " is not defined in the policy document", false, null));
        Region destination = Region.of(policy.recoveryRegion());
        String account = policy.recoveryAccount().orElse(envelope.account());
        if (destination.equals(region) && account.equals(envelope.account())) {
            return new CopyOutcome.Skipped(recoveryPoint,
                    "policy '" + policy.name() + "' recovers to " + destination + ", the recovery point's own region");
        }
        String vaultArn = "arn:" + partition(region) + ":backup:" + destination.id() + ":" + account + ":backup-vault:" + recoveryVaultName;
        if (job.createdBy().backupPlanId().isPresent() && backup.planCopiesTo(region, job.createdBy().backupPlanId().get(),
                job.createdBy().backupPlanVersion(), job.createdBy().backupRuleId(), vaultArn)) {
            return new CopyOutcome.Skipped(recoveryPoint, "backup plan " + job.createdBy().backupPlanId().get()
                    + " already copies it to " + vaultArn);
        }
        String sourceVault = BackupEvent.vaultName(job.backupVaultName(), job.backupVaultArn()).orElseThrow();
        if (copyRoleArn == null || copyRoleArn.isBlank()) {
            throw new CopyFailedException("BACKUP_COPY_ROLE_ARN is not set: AWS Backup needs a role to copy with (see template.yaml)", false, null);
        }
        String key = "copy/" + ResourceTypes.BACKUP_RECOVERY_POINT + "/" + region.id() + "/" + recoveryPoint + "/" + vaultArn;
        String destinationKey = policy.recoveryAccount().map(a -> a + "/").orElse("") + destination.id();
        return switch (ledger.claim(key, SnapshotCopyService.CLAIM_LEASE)) {
            case Claim.AlreadyDone done -> new CopyOutcome.AlreadyCopied(recoveryPoint,
                    done.attributes().getOrDefault(COPY_JOB_ID, "unknown"), done.attributes().getOrDefault(DESTINATION, vaultArn));
            case Claim.HeldElsewhere held -> throw new CopyFailedException("another invocation is copying " + recoveryPoint
                    + " (claim held until " + Instant.ofEpochSecond(held.leaseUntilEpochSecond()) + ")", true, null);
            case Claim.Acquired claim -> startCopy(claim, region, recoveryPoint, sourceVault, vaultArn, destinationKey, policy);
        };
    }

    private CopyOutcome startCopy(Claim.Acquired claim, Region region, String recoveryPoint, String sourceVault, String vaultArn,
                                  String destinationKey, Policy policy) {
        String type = ResourceTypes.BACKUP_RECOVERY_POINT;
        Map<String, String> details = Map.of(CopySlots.SOURCE, recoveryPoint, CopySlots.SOURCE_REGION, region.id());
        try {
            if (!slots.take(type, destinationKey, claim.key(), details)) {
                ledger.release(claim, "deferred: copy slots full");
                return new CopyOutcome.Deferred(recoveryPoint, "the cap of AWS Backup copy jobs in flight to " + destinationKey + " is reached");
            }
            String copyJobId;
            try {
                copyJobId = backup.startCopyJob(new BackupCopyRequest(region, recoveryPoint, sourceVault, vaultArn, copyRoleArn,
                        idempotencyToken(recoveryPoint, vaultArn), policy.backupLifecycle()));
            } catch (RuntimeException e) {
                slots.giveBack(type, destinationKey, claim.key());
                throw e;
            }
            // the copy job runs, and raises its events, in the recovery point's Region
            slots.started(type, destinationKey, claim.key(), region.id(), copyJobId, claim.key(), details);
            ledger.complete(claim, Map.of(COPY_JOB_ID, copyJobId, DESTINATION, vaultArn));
            return new CopyOutcome.Started(recoveryPoint, copyJobId, vaultArn, policy.name());
        } catch (RuntimeException e) {
            ledger.release(claim, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /** The same recovery point and vault always give the same token, so AWS Backup starts one job however often it is asked. */
    static String idempotencyToken(String recoveryPointArn, String vaultArn) {
        return UUID.nameUUIDFromBytes((recoveryPointArn + "|" + vaultArn).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String partition(Region region) {
        String id = region.id();
        return id.startsWith("cn-") ? "aws-cn" : id.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }
}
