package dev.lifeboat.shared.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The RDS snapshot events of "Amazon RDS event categories and event messages", as EventBridge
 * delivers them: {@code RDS DB Snapshot Event} (source type {@code SNAPSHOT}) and
 * {@code RDS DB Cluster Snapshot Event} ({@code CLUSTER_SNAPSHOT}, Aurora). Lifeboat copies on
 * {@link #MANUAL_SNAPSHOT_CREATED}, {@link #AUTOMATED_SNAPSHOT_CREATED},
 * {@link #MANUAL_CLUSTER_SNAPSHOT_CREATED} and {@link #AUTOMATED_CLUSTER_SNAPSHOT_CREATED}; the
 * cross-Region copy events ({@code RDS-EVENT-0059/0060/0061}) are raised in the destination
 * Region and tell the copy's own progress. Aurora raises no copy events at all.
 */
public sealed interface RdsSnapshotEvent {

    String DB_SNAPSHOT_EVENT = "RDS DB Snapshot Event";
    String DB_CLUSTER_SNAPSHOT_EVENT = "RDS DB Cluster Snapshot Event";

    String MANUAL_SNAPSHOT_CREATED = "RDS-EVENT-0042";
    String AUTOMATED_SNAPSHOT_CREATED = "RDS-EVENT-0091";
    String MANUAL_CLUSTER_SNAPSHOT_CREATED = "RDS-EVENT-0075";
    String AUTOMATED_CLUSTER_SNAPSHOT_CREATED = "RDS-EVENT-0169";
    String CROSS_REGION_COPY_STARTED = "RDS-EVENT-0059";
    String CROSS_REGION_COPY_FINISHED = "RDS-EVENT-0060";
    String CROSS_REGION_COPY_CANCELED = "RDS-EVENT-0061";

    /** Older documented examples carry no {@code EventID}: their message says the same. */
    Map<String, String> EVENT_ID_BY_MESSAGE = Map.of(
            "manual snapshot created", MANUAL_SNAPSHOT_CREATED,
            "automated snapshot created", AUTOMATED_SNAPSHOT_CREATED,
            "manual cluster snapshot created", MANUAL_CLUSTER_SNAPSHOT_CREATED,
            "automated cluster snapshot created", AUTOMATED_CLUSTER_SNAPSHOT_CREATED);

    Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9:_.-]{0,254}");

    EventEnvelope envelope();

    /** What the snapshot belongs to: an RDS DB instance or an Aurora (or Multi-AZ) DB cluster. */
    enum Kind {
        DB_SNAPSHOT("snapshot", "rds-snapshot"),
        CLUSTER_SNAPSHOT("cluster-snapshot", "aurora-cluster-snapshot");

        private final String arnType;
        private final String resourceType;

        Kind(String arnType, String resourceType) {
            this.arnType = arnType;
            this.resourceType = resourceType;
        }

        /** The resource type in the snapshot's ARN: {@code snapshot} or {@code cluster-snapshot}. */
        public String arnType() {
            return arnType;
        }

        /** The value of the {@code lifeboat:resource-type} tag on copies of this kind. */
        public String resourceType() {
            return resourceType;
        }
    }

    /** A snapshot finished being created in the event's Region: the trigger for a copy. */
    record SnapshotCreated(EventEnvelope envelope, Kind kind, String eventId, String snapshotIdentifier, String snapshotArn)
            implements RdsSnapshotEvent {

        public boolean automated() {
            return AUTOMATED_SNAPSHOT_CREATED.equals(eventId) || AUTOMATED_CLUSTER_SNAPSHOT_CREATED.equals(eventId);
        }
    }

    /** A cross-Region copy started, finished or was canceled; raised in the copy's Region, naming the copy. */
    record CopyProgress(EventEnvelope envelope, Kind kind, String eventId, String copyIdentifier, String message)
            implements RdsSnapshotEvent {

        public boolean finished() {
            return CROSS_REGION_COPY_FINISHED.equals(eventId);
        }

        public boolean canceled() {
            return CROSS_REGION_COPY_CANCELED.equals(eventId);
        }
    }

    /** Any other snapshot event (creating, deleted, export, restore, …): nothing to copy. */
    record OtherRdsEvent(EventEnvelope envelope, Kind kind, String eventId) implements RdsSnapshotEvent {
    }

    /** Reads the RDS snapshot event in {@code envelope}, naming the first missing or malformed field. */
    static RdsSnapshotEvent from(EventEnvelope envelope) {
        if (!"aws.rds".equals(envelope.source())) {
            throw new InvalidEventException("source", "expected 'aws.rds', got '" + SafeText.bounded(envelope.source(), 60) + "'");
        }
        Kind kind = switch (envelope.detailType()) {
            case DB_SNAPSHOT_EVENT -> Kind.DB_SNAPSHOT;
            case DB_CLUSTER_SNAPSHOT_EVENT -> Kind.CLUSTER_SNAPSHOT;
            default -> throw new InvalidEventException("detail-type",
                    "unsupported: '" + SafeText.bounded(envelope.detailType(), 80) + "'");
        };
        JsonNode detail = envelope.detail();
        String eventId = eventId(detail);
        String identifier = EventEnvelope.requiredText(detail, "SourceIdentifier", "detail.SourceIdentifier").trim();
        if (!IDENTIFIER.matcher(identifier).matches()) {
            throw new InvalidEventException("detail.SourceIdentifier",
                    "not an RDS snapshot identifier: '" + SafeText.bounded(identifier, 80) + "'");
        }
        return switch (eventId) {
            case MANUAL_SNAPSHOT_CREATED, AUTOMATED_SNAPSHOT_CREATED, MANUAL_CLUSTER_SNAPSHOT_CREATED,
                 AUTOMATED_CLUSTER_SNAPSHOT_CREATED -> new SnapshotCreated(envelope, kind, eventId, identifier,
                    snapshotArn(envelope, kind, identifier));
            case CROSS_REGION_COPY_STARTED, CROSS_REGION_COPY_FINISHED, CROSS_REGION_COPY_CANCELED ->
                    new CopyProgress(envelope, kind, eventId, identifier, EventEnvelope.optionalText(detail, "Message"));
            default -> new OtherRdsEvent(envelope, kind, eventId);
        };
    }

    /** The snapshot's ARN in its own Region and account, as {@code CopyDBSnapshot} takes it for a cross-Region source. */
    static String arn(Kind kind, String region, String account, String identifier) {
        return "arn:" + partition(region) + ":rds:" + region + ":" + account + ":" + kind.arnType() + ":" + identifier;
    }

    private static String eventId(JsonNode detail) {
        String eventId = EventEnvelope.optionalText(detail, "EventID").trim();
        if (!eventId.isEmpty()) {
            // SNS deliveries give a documentation link ending in #RDS-EVENT-nnnn
            return eventId.substring(eventId.lastIndexOf('#') + 1);
        }
        String message = EventEnvelope.optionalText(detail, "Message").trim().toLowerCase(Locale.ROOT);
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        String byMessage = EVENT_ID_BY_MESSAGE.get(message);
        if (byMessage != null) {
            return byMessage;
        }
        if (detail.get("EventID") != null && !detail.get("EventID").isTextual()) {
            throw new InvalidEventException("detail.EventID", "expected a string, got " + detail.get("EventID").getNodeType().name().toLowerCase(Locale.ROOT));
        }
        throw new InvalidEventException("detail.EventID", "missing (and detail.Message does not say which event it is)");
    }

    /**
     * Built from the envelope's Region and account rather than read from {@code SourceArn}: AWS's
     * own documented examples have shown a DB instance ARN there for a snapshot event.
     */
    private static String snapshotArn(EventEnvelope envelope, Kind kind, String identifier) {
        return arn(kind, envelope.region(), envelope.account(), identifier);
    }

    private static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }
}
