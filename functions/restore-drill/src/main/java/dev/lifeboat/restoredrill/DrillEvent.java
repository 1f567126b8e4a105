package dev.lifeboat.restoredrill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.InvalidEventException;
import dev.lifeboat.shared.event.SafeText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the drill function is invoked with: the daily schedule's input, a restore workflow
 * execution that ended, or an AWS Backup restore testing job that completed. Parsing names the
 * field that is missing or malformed.
 */
public sealed interface DrillEvent {

    /** The schedule's input ({@code {"action": "start-drills"}}, set in template.yaml): start today's drills. */
    record StartDrills() implements DrillEvent {
    }

    /**
     * A {@code Step Functions Execution Status Change} event for an execution of the restore
     * workflow that has ended ({@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}, {@code ABORTED}).
     */
    record ExecutionEnded(String executionArn, String name, String status) implements DrillEvent {
    }

    /**
     * An AWS Backup {@code Restore Job State Change} event for a restore testing job that
     * {@code COMPLETED}: its restored resource is to be validated and the result reported to AWS Backup.
     */
    record RestoreTestCompleted(String restoreJobId, String restoreTestingPlanArn, String recoveryPointArn,
                                Optional<String> createdResourceArn, Optional<String> resourceType, Optional<String> sourceResourceArn,
                                Optional<Instant> creationDate, Optional<Instant> completionDate) implements DrillEvent {
    }

    String START_ACTION = "start-drills";
    Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

    Pattern EXECUTION_ARN = Pattern.compile("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:execution:[A-Za-z0-9_-]{1,80}:[A-Za-z0-9_-]{1,80}");
    Pattern RESTORE_JOB_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");
    Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\\d{0,12}:[\\x21-\\x7e]{1,1600}");

    /** The event this JSON is; {@link InvalidEventException} names the field that makes it none. */
    static DrillEvent parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvalidEventException("", "the event must be a JSON object");
        }
        if (json.has("action")) {
            String action = json.path("action").asText("");
            if (!START_ACTION.equals(action)) {
                throw new InvalidEventException("action", "'" + SafeText.bounded(action, 40) + "' is not an action; the schedule sends '"
                        + START_ACTION + "'");
            }
            return new StartDrills();
        }
        String source = text(json, "source");
        String type = text(json, "detail-type");
        JsonNode detail = json.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new InvalidEventException("detail", "is required and must be a JSON object");
        }
        if ("aws.states".equals(source) && "Step Functions Execution Status Change".equals(type)) {
            String arn = matching(detail, "detail.executionArn", "executionArn", EXECUTION_ARN, "a Step Functions execution ARN");
            String name = text(detail, "detail.name", "name");
            if (!arn.endsWith(":" + name)) {
                throw new InvalidEventException("detail.name", "'" + SafeText.bounded(name, 80) + "' is not the name in detail.executionArn");
            }
            String status = text(detail, "detail.status", "status");
            if (!ENDED.contains(status)) {
                throw new InvalidEventException("detail.status", "'" + SafeText.bounded(status, 40) + "' is not the status of an ended execution "
                        + ENDED.stream().sorted().toList());
            }
            return new ExecutionEnded(arn, name, status);
        }
        if ("aws.backup".equals(source) && "Restore Job State Change".equals(type)) {
            String status = text(detail, "detail.status", "status");
            if (!"COMPLETED".equals(status)) {
                throw new InvalidEventException("detail.status", "'" + SafeText.bounded(status, 40)
                        + "': only a COMPLETED restore testing job is validated");
            }
            String plan = matching(detail, "detail.restoreTestingPlanArn", "restoreTestingPlanArn", ARN,
                    "the ARN of the restore testing plan that started the job (other restore jobs are not drills)");
            return new RestoreTestCompleted(
                    matching(detail, "detail.restoreJobId", "restoreJobId", RESTORE_JOB_ID, "an AWS Backup restore job id"),
                    plan,
                    matching(detail, "detail.recoveryPointArn", "recoveryPointArn", ARN, "the ARN of the recovery point restored"),
                    optional(detail, "createdResourceArn"), optional(detail, "resourceType"), optional(detail, "sourceResourceArn"),
                    instant(detail, "detail.creationDate", "creationDate"), instant(detail, "detail.completionDate", "completionDate"));
        }
        throw new InvalidEventException("detail-type", "'" + SafeText.bounded(source, 40) + "' / '" + SafeText.bounded(type, 60)
                + "' is not an event the drill function handles (Step Functions Execution Status Change, AWS Backup Restore Job State Change,"
                + " or the schedule's {\"action\": \"" + START_ACTION + "\"})");
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, field);
    }

    private static String text(JsonNode node, String path, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidEventException(path, "is required and must be text");
        }
        return value.asText();
    }

    private static String matching(JsonNode node, String path, String name, Pattern pattern, String expected) {
        String value = text(node, path, name);
        if (!pattern.matcher(value).matches()) {
            throw new InvalidEventException(path, "'" + SafeText.bounded(value, 120) + "' is not " + expected);
        }
        return value;
    }

    private static Optional<Instant> instant(JsonNode node, String path, String name) {
        Optional<String> value = optional(node, name);
        try {
            return value.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(path, "'" + SafeText.bounded(value.get(), 40) + "' is not an ISO-8601 time");
        }
    }

    private static Optional<String> optional(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || !value.isTextual() || value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText());
    }
}
