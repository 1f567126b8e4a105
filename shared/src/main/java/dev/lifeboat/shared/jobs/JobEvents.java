package dev.lifeboat.shared.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.EventEnvelope;
import dev.lifeboat.shared.event.InvalidEventException;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the job events of every service Lifeboat watches into {@link JobEvent}s: AWS Backup job,
 * copy job and restore job state changes, EBS snapshot notifications (single and multi-volume),
 * RDS DB and cluster snapshot events, Step Functions execution status changes, DLM policy state
 * changes, S3 on Outposts replication failures. An event of another kind reads as no job events.
 * Only the field that says what happened is required (its absence is an
 * {@link InvalidEventException} naming it); every other field is read tolerantly.
 */
public final class JobEvents {

    public static final String BACKUP_JOB = "Backup Job State Change";
    public static final String COPY_JOB = "Copy Job State Change";
    public static final String RESTORE_JOB = "Restore Job State Change";
    public static final String EBS_SNAPSHOT = "EBS Snapshot Notification";
    public static final String EBS_MULTI_VOLUME = "EBS Multi-Volume Snapshots Completion Status";
    public static final String RDS_SNAPSHOT = "RDS DB Snapshot Event";
    public static final String RDS_CLUSTER_SNAPSHOT = "RDS DB Cluster Snapshot Event";
    public static final String EXECUTION_STATUS = "Step Functions Execution Status Change";
    public static final String DLM_POLICY = "DLM Policy State Change";
    public static final String OUTPOSTS_REPLICATION_FAILED = "Object Replication Failed";

    /** RDS event ids (AWS's "Amazon RDS event categories and event messages", DB snapshot and cluster snapshot tables). */
    static final Set<String> RDS_SNAPSHOT_CREATED = Set.of("RDS-EVENT-0042", "RDS-EVENT-0091", "RDS-EVENT-0075", "RDS-EVENT-0169");
    static final Set<String> RDS_COPY_FINISHED = Set.of("RDS-EVENT-0060", "RDS-EVENT-0197");
    static final Set<String> RDS_SNAPSHOT_FAILURES = Set.of("RDS-EVENT-0061", "RDS-EVENT-0190", "RDS-EVENT-0159");

    private static final java.util.regex.Pattern VOLUME_ID = java.util.regex.Pattern.compile("vol-[0-9a-f]{8,32}");

    private JobEvents() {
    }

    /** The job events in {@code envelope}; empty for events that report no job. */
    public static List<JobEvent> from(EventEnvelope envelope) {
        JsonNode detail = envelope.detail();
        return switch (envelope.detailType()) {
            case BACKUP_JOB -> List.of(backupJob(envelope, detail));
            case COPY_JOB -> List.of(copyJob(envelope, detail));
            case RESTORE_JOB -> List.of(restoreJob(envelope, detail));
            case EBS_SNAPSHOT -> ebsSnapshot(envelope, detail);
            case EBS_MULTI_VOLUME -> ebsMultiVolume(envelope, detail);
            case RDS_SNAPSHOT, RDS_CLUSTER_SNAPSHOT -> rdsSnapshot(envelope, detail);
            case EXECUTION_STATUS -> execution(envelope, detail);
            case DLM_POLICY -> dlmPolicy(envelope, detail);
            case OUTPOSTS_REPLICATION_FAILED -> List.of(outpostsReplication(envelope, detail));
            default -> List.of();
        };
    }

    // ---------------------------------------------------------------- AWS Backup

    private static JobEvent backupJob(EventEnvelope envelope, JsonNode detail) {
        String state = requiredState(detail);
        Optional<FailureKind> failure = switch (state) {
            case "FAILED" -> Optional.of(FailureKind.BACKUP_JOB_FAILED);
            case "ABORTED" -> Optional.of(FailureKind.BACKUP_JOB_ABORTED);
            case "EXPIRED" -> Optional.of(FailureKind.BACKUP_JOB_EXPIRED);
            default -> Optional.empty();
        };
        return backupEvent(envelope, detail, JobType.BACKUP, state, failure,
                Fields.text(detail, "resourceArn"), Fields.text(detail, "backupJobId"),
                firstNonBlank(Fields.text(detail, "recoveryPointArn"), firstResource(envelope)));
    }

    private static JobEvent copyJob(EventEnvelope envelope, JsonNode detail) {
        String state = requiredState(detail);
        Optional<FailureKind> failure = state.equals("FAILED") || state.equals("PARTIAL")
                ? Optional.of(FailureKind.COPY_JOB_FAILED) : Optional.empty();
        // resources[] names the source recovery point; destinationRecoveryPointArn is {} until the copy exists
        return backupEvent(envelope, detail, JobType.COPY, state, failure,
                Fields.text(detail, "resourceArn"), Fields.text(detail, "copyJobId"),
                firstNonBlank(Fields.text(detail, "sourceRecoveryPointArn"), firstResource(envelope)));
    }

    private static JobEvent restoreJob(EventEnvelope envelope, JsonNode detail) {
        String state = requiredState(detail);
        Optional<FailureKind> failure = state.equals("FAILED") || state.equals("ABORTED")
                ? Optional.of(FailureKind.RESTORE_JOB_FAILED) : Optional.empty();
        String recoveryPoint = firstNonBlank(Fields.text(detail, "recoveryPointArn"), firstResource(envelope));
        return backupEvent(envelope, detail, JobType.RESTORE, state, failure,
                firstNonBlank(Fields.text(detail, "sourceResourceArn", "createdResourceArn"), recoveryPoint),
                Fields.text(detail, "restoreJobId"), recoveryPoint);
    }

    private static JobEvent backupEvent(EventEnvelope envelope, JsonNode detail, JobType type, String state,
                                        Optional<FailureKind> failure, String resource, String jobId, String recoveryPoint) {
        JobOutcome outcome = failure.isPresent() ? JobOutcome.FAILED
                : state.equals("COMPLETED") ? JobOutcome.COMPLETED : JobOutcome.IN_PROGRESS;
        return new JobEvent(envelope.id(), envelope.source(), envelope.detailType(), envelope.account(), envelope.region(),
                envelope.time(), type, outcome, state, failure, orUnknown(Fields.text(detail, "resourceType")), resource,
                jobId, recoveryPoint, Fields.unquoted(Fields.text(detail, "statusMessage")),
                Fields.instant(detail, "creationDate"), Fields.instant(detail, "completionDate"));
    }

    /** AWS Backup reports {@code state} for some jobs and {@code status} for others. */
    private static String requiredState(JsonNode detail) {
        String state = Fields.text(detail, "state", "status");
        if (state.isEmpty()) {
            throw new InvalidEventException("detail.state", "missing (nor is there a detail.status)");
        }
        return state.toUpperCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- EBS

    private static List<JobEvent> ebsSnapshot(EventEnvelope envelope, JsonNode detail) {
        String event = Fields.text(detail, "event");
        if (event.isEmpty()) {
            throw new InvalidEventException("detail.event", "missing");
        }
        String result = requiredResult(detail);
        boolean failed = !result.equals("succeeded");
        String snapshot = Fields.text(detail, "snapshot_id");
        String source = Fields.text(detail, "source");
        return switch (event) {
            case "createSnapshot" -> List.of(ebsEvent(envelope, detail, JobType.BACKUP, result,
                    failed ? Optional.of(FailureKind.EBS_SNAPSHOT_FAILED) : Optional.empty(),
                    source, snapshot, snapshot));
            // a copy's protected resource is its source's volume, which the event does not name: the source snapshot stands in
            case "copySnapshot" -> List.of(ebsEvent(envelope, detail, JobType.COPY, result,
                    failed ? Optional.of(FailureKind.EBS_COPY_FAILED) : Optional.empty(),
                    source, snapshot, snapshot));
            default -> List.of();
        };
    }

    private static List<JobEvent> ebsMultiVolume(EventEnvelope envelope, JsonNode detail) {
        String result = requiredResult(detail);
        JsonNode snapshots = detail.get("snapshots");
        List<JobEvent> events = new ArrayList<>();
        if (snapshots != null && snapshots.isArray()) {
            for (JsonNode snapshot : snapshots) {
                String status = Fields.text(snapshot, "status").toLowerCase(Locale.ROOT);
                boolean failed = status.isEmpty() ? !result.equals("succeeded") : !status.equals("completed");
                String id = Fields.text(snapshot, "snapshot_id");
                events.add(ebsEvent(envelope, detail, JobType.BACKUP, failed ? "failed" : "succeeded",
                        failed ? Optional.of(FailureKind.EBS_SNAPSHOT_FAILED) : Optional.empty(),
                        Fields.text(snapshot, "source"), id, id));
            }
        }
        if (events.isEmpty()) {
            // a failed request may name no snapshot at all: it still failed
            boolean failed = !result.equals("succeeded");
            events.add(ebsEvent(envelope, detail, JobType.BACKUP, result,
                    failed ? Optional.of(FailureKind.EBS_SNAPSHOT_FAILED) : Optional.empty(),
                    firstResource(envelope), Fields.text(detail, "request-id"), ""));
        }
        return events;
    }

    private static JobEvent ebsEvent(EventEnvelope envelope, JsonNode detail, JobType type, String result,
                                     Optional<FailureKind> failure, String resource, String jobId, String recoveryPoint) {
        JobOutcome outcome = failure.isPresent() ? JobOutcome.FAILED : JobOutcome.COMPLETED;
        return new JobEvent(envelope.id(), envelope.source(), envelope.detailType(), envelope.account(), envelope.region(),
                envelope.time(), type, outcome, result, failure, "EBS", orUnknown(canonicalVolume(envelope, resource)), Fields.lastSegment(jobId),
                recoveryPoint, Fields.text(detail, "cause"), Fields.instant(detail, "startTime"), Fields.instant(detail, "endTime"));
    }

    /**
     * A volume as AWS Backup names it ({@code arn:aws:ec2:<region>:<account>:volume/<id>}), whatever
     * form the EBS event used, so that both services' events about one volume meet in one record.
     */
    private static String canonicalVolume(EventEnvelope envelope, String resource) {
        String id = Fields.lastSegment(resource);
        return VOLUME_ID.matcher(id).matches()
                ? "arn:aws:ec2:" + envelope.region() + ":" + envelope.account() + ":volume/" + id : resource;
    }

    private static String requiredResult(JsonNode detail) {
        String result = Fields.text(detail, "result");
        if (result.isEmpty()) {
            throw new InvalidEventException("detail.result", "missing");
        }
        return result.toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- RDS

    private static List<JobEvent> rdsSnapshot(EventEnvelope envelope, JsonNode detail) {
        String eventId = Fields.text(detail, "EventID");
        if (eventId.isEmpty()) {
            throw new InvalidEventException("detail.EventID", "missing");
        }
        boolean failureCategory = false;
        JsonNode categories = detail.get("EventCategories");
        if (categories != null && categories.isArray()) {
            for (JsonNode category : categories) {
                failureCategory |= "failure".equalsIgnoreCase(category.asText());
            }
        }
        JobType type;
        JobOutcome outcome;
        if (RDS_SNAPSHOT_FAILURES.contains(eventId) || failureCategory) {
            type = eventId.equals("RDS-EVENT-0159") || !RDS_SNAPSHOT_FAILURES.contains(eventId) ? JobType.BACKUP : JobType.COPY;
            outcome = JobOutcome.FAILED;
        } else if (RDS_SNAPSHOT_CREATED.contains(eventId)) {
            type = JobType.BACKUP;
            outcome = JobOutcome.COMPLETED;
        } else if (RDS_COPY_FINISHED.contains(eventId)) {
            type = JobType.COPY;
            outcome = JobOutcome.COMPLETED;
        } else {
            return List.of();
        }
        String snapshotArn = firstNonBlank(Fields.text(detail, "SourceArn"), firstResource(envelope));
        String identifier = firstNonBlank(Fields.text(detail, "SourceIdentifier"), Fields.lastSegment(snapshotArn));
        String resourceType = envelope.detailType().equals(RDS_CLUSTER_SNAPSHOT) ? "Aurora" : "RDS";
        return List.of(new JobEvent(envelope.id(), envelope.source(), envelope.detailType(), envelope.account(), envelope.region(),
                envelope.time(), type, outcome, eventId,
                outcome == JobOutcome.FAILED ? Optional.of(FailureKind.RDS_SNAPSHOT_FAILED) : Optional.empty(),
                resourceType, rdsResource(identifier, snapshotArn), identifier, snapshotArn, Fields.text(detail, "Message"),
                Optional.empty(), Fields.instant(detail, "Date")));
    }

    /**
     * The database a snapshot protects. Automated snapshots are named {@code rds:<db>-yyyy-mm-dd-hh-mm};
     * other names do not say, so the snapshot stands in for its database.
     */
    static String rdsResource(String identifier, String snapshotArn) {
        java.util.regex.Matcher automated = java.util.regex.Pattern.compile("rds:(.+)-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}").matcher(identifier);
        return automated.matches() ? automated.group(1) : orUnknown(firstNonBlank(snapshotArn, identifier));
    }

    // ---------------------------------------------------------------- Step Functions

    private static List<JobEvent> execution(EventEnvelope envelope, JsonNode detail) {
        String status = Fields.text(detail, "status").toUpperCase(Locale.ROOT);
        if (status.isEmpty()) {
            throw new InvalidEventException("detail.status", "missing");
        }
        Optional<FailureKind> failure = switch (status) {
            case "FAILED" -> Optional.of(FailureKind.RESTORE_WORKFLOW_FAILED);
            case "TIMED_OUT" -> Optional.of(FailureKind.RESTORE_WORKFLOW_TIMED_OUT);
            case "ABORTED" -> Optional.of(FailureKind.RESTORE_WORKFLOW_ABORTED);
            default -> Optional.empty();
        };
        JobOutcome outcome = failure.isPresent() ? JobOutcome.FAILED
                : status.equals("SUCCEEDED") ? JobOutcome.COMPLETED : JobOutcome.IN_PROGRESS;
        JsonNode input = restoreInput(detail);
        String executionArn = firstNonBlank(Fields.text(detail, "executionArn"), firstResource(envelope));
        String error = Fields.text(detail, "error");
        String cause = Fields.text(detail, "cause");
        String reason = error.isEmpty() ? cause : cause.isEmpty() ? error : error + ": " + cause;
        return List.of(new JobEvent(envelope.id(), envelope.source(), envelope.detailType(), envelope.account(), envelope.region(),
                envelope.time(), JobType.RESTORE, outcome, status, failure,
                orUnknown(Fields.text(input, "resourceType", "type")),
                orUnknown(firstNonBlank(Fields.text(input, "sourceResource", "source", "resource", "resourceId"),
                        Fields.text(detail, "name"))),
                executionArn, Fields.text(input, "recoveryPoint"), reason,
                Fields.instant(detail, "startDate"), Fields.instant(detail, "stopDate")));
    }

    /** The execution's input, a JSON document in a string; an empty object when absent or not JSON. */
    private static JsonNode restoreInput(JsonNode detail) {
        String input = Fields.text(detail, "input");
        if (!input.isEmpty() && input.length() <= 262_144) {
            try {
                JsonNode parsed = Json.MAPPER.readTree(input);
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (java.io.IOException e) {
                // not JSON: the execution's name stands in for the resource
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    // ---------------------------------------------------------------- DLM and S3

    private static List<JobEvent> dlmPolicy(EventEnvelope envelope, JsonNode detail) {
        String state = Fields.text(detail, "state").toUpperCase(Locale.ROOT);
        if (state.isEmpty()) {
            throw new InvalidEventException("detail.state", "missing");
        }
        if (!state.equals("ERROR")) {
            return List.of();
        }
        String policy = firstNonBlank(Fields.text(detail, "policy_id"), firstResource(envelope));
        return List.of(new JobEvent(envelope.id(), envelope.source(), envelope.detailType(), envelope.account(), envelope.region(),
                envelope.time(), JobType.SNAPSHOT_POLICY, JobOutcome.FAILED, state, Optional.of(FailureKind.DLM_POLICY_ERROR),
                "DLM", orUnknown(policy), Fields.lastSegment(policy), "", Fields.text(detail, "cause"),
                Optional.empty(), Optional.of(envelope.time())));
    }

    private static JobEvent outpostsReplication(EventEnvelope envelope, JsonNode detail) {
        String bucket = firstNonBlank(Fields.text(detail, "bucketArn", "bucket"), firstResource(envelope));
        String key = Fields.text(detail, "object", "key");
        return new JobEvent(envelope.id(), envelope.source(), envelope.detailType(), envelope.account(), envelope.region(),
                envelope.time(), JobType.REPLICATION, JobOutcome.FAILED, "FAILED", Optional.of(FailureKind.S3_REPLICATION_FAILED),
                "S3", orUnknown(bucket), key, "", Fields.text(detail, "failureReason", "reason"),
                Optional.empty(), Optional.of(envelope.time()));
    }

    /**
     * The failures in an S3 Event Notification ({@code {"Records": [...]}}, delivered by S3 to
     * Lambda, or inside an SNS or SQS message): {@code Replication:OperationFailedReplication}
     * records. Other records read as nothing.
     */
    public static List<JobEvent> fromS3Notification(JsonNode root) {
        List<JobEvent> events = new ArrayList<>();
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            throw new InvalidEventException("Records", "missing");
        }
        for (JsonNode record : records) {
            String name = Fields.text(record, "eventName");
            if (name.endsWith("Replication:OperationFailedReplication")) {
                JsonNode s3 = record.path("s3");
                JsonNode replication = record.path("replicationEventData");
                String bucket = firstNonBlank(Fields.text(s3.path("bucket"), "arn"), Fields.text(s3.path("bucket"), "name"));
                String region = Fields.text(record, "awsRegion");
                Instant time = Fields.instant(record, "eventTime").orElse(Instant.EPOCH);
                String requestId = Fields.text(record.path("responseElements"), "x-amz-request-id");
                String key = Fields.text(s3.path("object"), "key");
                String id = "s3:" + firstNonBlank(requestId, bucket + "/" + key + "/" + Fields.text(s3.path("object"), "sequencer"));
                events.add(new JobEvent(id, "aws.s3", name, "", region, time, JobType.REPLICATION, JobOutcome.FAILED,
                        "FAILED", Optional.of(FailureKind.S3_REPLICATION_FAILED), "S3", orUnknown(bucket), key,
                        Fields.text(replication, "destinationBucket"), Fields.text(replication, "failureReason"),
                        Optional.empty(), Optional.of(time)));
            }
        }
        return events;
    }

    // ---------------------------------------------------------------- helpers

    private static String firstResource(EventEnvelope envelope) {
        return envelope.resources().isEmpty() ? "" : envelope.resources().getFirst();
    }

    private static String firstNonBlank(String first, String second) {
        return first == null || first.isBlank() ? (second == null ? "" : second) : first;
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }

    /** {@code value} made safe for a log line, for callers that report what they skipped. */
    public static String describe(EventEnvelope envelope) {
        return SafeText.bounded(envelope.source(), 40) + " / " + SafeText.bounded(envelope.detailType(), 80);
    }
}
