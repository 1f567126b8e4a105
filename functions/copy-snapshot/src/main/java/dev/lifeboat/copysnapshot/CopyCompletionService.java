package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.event.BackupEvent;
import dev.lifeboat.shared.event.EbsSnapshotEvent;
import dev.lifeboat.shared.event.EventEnvelope;
import dev.lifeboat.shared.event.InvalidEventException;
import dev.lifeboat.shared.event.RdsSnapshotEvent;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.ledger.Ledger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settles copies when they finish: the copies' own events ({@code copySnapshot} in the recovery
 * Region, RDS's cross-Region copy events there, AWS Backup's {@code Copy Job State Change} in the
 * source Region) and the poller for what raises none. Settling frees the copy's slot, records the
 * result, and on failure reopens the source's claim (a redriven request copies again) and alerts.
 * Settling twice is harmless: the second finds the slot free and alerts no more.
 */
public final class CopyCompletionService {

    /** What a completion did. */
    public sealed interface Completion {
        /** A Lifeboat copy finished and its slot is free. */
        record Settled(String resourceType, String copyId, boolean succeeded, String reason) implements Completion {
        }

        /** The event is about a copy Lifeboat did not start (or has forgotten), or is not a final state. */
        record Ignored(String reason) implements Completion {
        }
    }

    private final Ledger ledger;
    private final CopySlots slots;
    private final AlertSink alerts;

    public CopyCompletionService(Ledger ledger, AlertSink alerts) {
        this.ledger = ledger;
        this.slots = new CopySlots(ledger, new CopyCaps(CopyCaps.AWS_DEFAULTS));
        this.alerts = alerts;
    }

    /** Handles one copy event. */
    public Completion handle(EventEnvelope envelope) {
        return switch (envelope.source()) {
            case "aws.ec2" -> switch (EbsSnapshotEvent.from(envelope)) {
                case EbsSnapshotEvent.SnapshotCopied copied -> settle(ResourceTypes.EBS_SNAPSHOT, envelope.region(), copied.copySnapshotId(),
                        "succeeded".equalsIgnoreCase(copied.result()), copied.cause());
                default -> new Completion.Ignored("not a copySnapshot event");
            };
            case "aws.rds" -> switch (RdsSnapshotEvent.from(envelope)) {
                case RdsSnapshotEvent.CopyProgress progress when progress.finished() || progress.canceled() ->
                        settle(progress.kind().resourceType(), envelope.region(), progress.copyIdentifier(), progress.finished(),
                                progress.message());
                case RdsSnapshotEvent.CopyProgress progress -> new Completion.Ignored("copy of " + progress.copyIdentifier() + " started");
                default -> new Completion.Ignored("not a snapshot copy event");
            };
            case "aws.backup" -> switch (BackupEvent.from(envelope)) {
                case BackupEvent.CopyJobChanged copy when copy.finished() -> settle(ResourceTypes.BACKUP_RECOVERY_POINT, envelope.region(),
                        copy.copyJobId().orElseThrow(), copy.succeeded(), copy.state() + (copy.statusMessage().isEmpty() ? "" : ": " + copy.statusMessage()));
                case BackupEvent.CopyJobChanged copy -> new Completion.Ignored("copy job is " + copy.state());
                default -> new Completion.Ignored("not a copy job event");
            };
            default -> throw new InvalidEventException("source",
                    "unsupported: '" + SafeText.bounded(envelope.source(), 60) + "' (expected aws.ec2, aws.rds or aws.backup)");
        };
    }

    /** Settles the copy {@code copyId} of {@code resourceType} that runs in {@code copyRegion}. */
    Completion settle(String resourceType, String copyRegion, String copyId, boolean succeeded, String reason) {
        Optional<Map<String, String>> found = slots.find(resourceType, copyRegion, copyId);
        if (found.isEmpty()) {
            return new Completion.Ignored(copyId + " is not a copy Lifeboat started");
        }
        Map<String, String> reference = found.get();
        boolean wasInFlight = "IN_FLIGHT".equals(reference.get(CopySlots.STATE));
        ledger.releaseSlot(reference.get(CopySlots.POOL), reference.get(CopySlots.HOLDER));
        Map<String, String> settled = new HashMap<>(reference);
        settled.put(CopySlots.STATE, succeeded ? "COMPLETED" : "FAILED");
        if (!succeeded) {
            settled.put("reason", reason == null || reason.isBlank() ? "unknown" : SafeText.bounded(reason, 500));
        }
        ledger.remember(CopySlots.copyKey(resourceType, copyRegion, copyId), settled);
        if (!succeeded && wasInFlight) {
            String claimKey = reference.getOrDefault(CopySlots.CLAIM_KEY, "");
            if (!claimKey.isEmpty()) {
                ledger.reopen(claimKey, "copy " + copyId + " failed: " + settled.get("reason"));
            }
            alerts.alert("Lifeboat copy failed: " + resourceType + " " + reference.getOrDefault(CopySlots.SOURCE, ""),
                    "The copy " + copyId + " (" + resourceType + ") of " + reference.getOrDefault(CopySlots.SOURCE, "?")
                            + " from " + reference.getOrDefault(CopySlots.SOURCE_REGION, "?") + " failed: " + settled.get("reason")
                            + "\nUntil it is copied again, the recovery region has no copy of this recovery point."
                            + "\nWhat to do: fix the cause, then redrive the copy request from the copy dead-letter queue"
                            + " or raise a new backup; Lifeboat will copy it again.");
        }
        return new Completion.Settled(resourceType, copyId, succeeded, reason == null ? "" : reason);
    }
}
