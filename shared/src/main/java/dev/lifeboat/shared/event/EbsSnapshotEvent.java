package dev.lifeboat.shared.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The EBS snapshot events of "Amazon EventBridge events for Amazon EBS", as Lifeboat sees them.
 * {@code createSnapshot} arrives as an {@code EBS Snapshot Notification}; the multi-volume
 * {@code createSnapshots} as an {@code EBS Multi-Volume Snapshots Completion Status} with a
 * {@code snapshots} array; copies raise {@code copySnapshot} notifications in the destination region.
 */
public sealed interface EbsSnapshotEvent {

    String SNAPSHOT_NOTIFICATION = "EBS Snapshot Notification";
    String MULTI_VOLUME_COMPLETION = "EBS Multi-Volume Snapshots Completion Status";

    EventEnvelope envelope();

    /** One snapshot created in the event's region, from a single or multi-volume request. */
    record CreatedSnapshot(String snapshotId, String volumeId, boolean completed) {
    }

    /** {@code createSnapshot} or {@code createSnapshots}: the snapshots it made, each with its own status. */
    record SnapshotsCreated(EventEnvelope envelope, String result, String cause, List<CreatedSnapshot> snapshots)
            implements EbsSnapshotEvent {

        public boolean succeeded() {
            return "succeeded".equalsIgnoreCase(result);
        }
    }

    /** {@code copySnapshot}: a copy raised in its destination region. Never copied again. */
    record SnapshotCopied(EventEnvelope envelope, String result, String cause, String copySnapshotId, String sourceSnapshotId)
            implements EbsSnapshotEvent {
    }

    /** Any other EBS snapshot notification ({@code shareSnapshot}, archive and lock events, …). */
    record OtherSnapshotEvent(EventEnvelope envelope, String event) implements EbsSnapshotEvent {
    }

    /** Reads the EBS snapshot event in {@code envelope}, naming the first missing or malformed field. */
    static EbsSnapshotEvent from(EventEnvelope envelope) {
        if (!"aws.ec2".equals(envelope.source())) {
            throw new InvalidEventException("source", "expected 'aws.ec2', got '" + SafeText.bounded(envelope.source(), 60) + "'");
        }
        JsonNode detail = envelope.detail();
        return switch (envelope.detailType()) {
            case SNAPSHOT_NOTIFICATION -> fromNotification(envelope, detail);
            case MULTI_VOLUME_COMPLETION -> fromMultiVolume(envelope, detail);
            default -> throw new InvalidEventException("detail-type",
                    "unsupported: '" + SafeText.bounded(envelope.detailType(), 80) + "'");
        };
    }

    private static EbsSnapshotEvent fromNotification(EventEnvelope envelope, JsonNode detail) {
        String event = EventEnvelope.requiredText(detail, "event", "detail.event");
        String result = EventEnvelope.requiredText(detail, "result", "detail.result");
        String cause = EventEnvelope.optionalText(detail, "cause");
        return switch (event) {
            case "createSnapshot" -> {
                String snapshotId = ResourceId.snapshotId(
                        EventEnvelope.requiredText(detail, "snapshot_id", "detail.snapshot_id"), "detail.snapshot_id");
                String volumeId = ResourceId.volumeId(
                        EventEnvelope.requiredText(detail, "source", "detail.source"), "detail.source");
                yield new SnapshotsCreated(envelope, result, cause,
                        List.of(new CreatedSnapshot(snapshotId, volumeId, "succeeded".equalsIgnoreCase(result))));
            }
            case "copySnapshot" -> new SnapshotCopied(envelope, result, cause,
                    ResourceId.snapshotId(EventEnvelope.requiredText(detail, "snapshot_id", "detail.snapshot_id"), "detail.snapshot_id"),
                    ResourceId.snapshotId(EventEnvelope.requiredText(detail, "source", "detail.source"), "detail.source"));
            default -> new OtherSnapshotEvent(envelope, event);
        };
    }

    private static EbsSnapshotEvent fromMultiVolume(EventEnvelope envelope, JsonNode detail) {
        String event = EventEnvelope.requiredText(detail, "event", "detail.event");
        if (!"createSnapshots".equals(event)) {
            return new OtherSnapshotEvent(envelope, event);
        }
        String result = EventEnvelope.requiredText(detail, "result", "detail.result");
        JsonNode items = detail.get("snapshots");
        if (items == null || !items.isArray()) {
            throw new InvalidEventException("detail.snapshots", items == null ? "missing" : "expected an array");
        }
        List<CreatedSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "detail.snapshots[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw new InvalidEventException(path, "expected an object");
            }
            snapshots.add(new CreatedSnapshot(
                    ResourceId.snapshotId(EventEnvelope.requiredText(item, "snapshot_id", path + ".snapshot_id"), path + ".snapshot_id"),
                    ResourceId.volumeId(EventEnvelope.requiredText(item, "source", path + ".source"), path + ".source"),
                    "completed".equalsIgnoreCase(EventEnvelope.optionalText(item, "status"))));
        }
        return new SnapshotsCreated(envelope, result, EventEnvelope.optionalText(detail, "cause"), List.copyOf(snapshots));
    }
}
