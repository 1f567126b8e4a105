package dev.lifeboat.restoredrill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.restore.ResourceKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Validation of a restore that an AWS Backup restore testing plan ran: the restore workflow's own
 * validation function checks the restore job (completed, from the recovery point named, with a created
 * resource), the result goes back to AWS Backup ({@code PutRestoreValidationResult}, after which
 * AWS Backup deletes what the test restored), and the test is recorded and reported like a drill.
 * A repeated event, once recorded, reports nothing again.
 */
public final class RestoreTestValidation {

    /** What the validation found, and whether this invocation reported it. */
    public record Validated(DrillRecord record, String status, String summary, boolean firstReport) {

        public boolean succeeded() {
            return DrillRecord.SUCCEEDED.equals(record.outcome());
        }
    }

    static final String SUCCESSFUL = "SUCCESSFUL";
    static final String FAILED = "FAILED";

    private final RestoreValidation validator;
    private final RestoreValidationResults results;
    private final DrillRecords records;
    private final DrillAlerts alerts;
    private final Clock clock;

    public RestoreTestValidation(RestoreValidation validator, RestoreValidationResults results, DrillRecords records, DrillAlerts alerts, Clock clock) {
        this.validator = validator;
        this.results = results;
        this.records = records;
        this.alerts = alerts;
        this.clock = clock;
    }

    public Validated validate(DrillEvent.RestoreTestCompleted test) {
        String drillId = "restore-test-" + test.restoreJobId();
        String source = test.sourceResourceArn().or(test::createdResourceArn).orElse(test.recoveryPointArn());
        String plan = test.restoreTestingPlanArn().substring(test.restoreTestingPlanArn().lastIndexOf(':') + 1);
        Optional<DrillRecords.Stored> stored = records.find(drillId);
        if (stored.map(DrillRecords.Stored::finished).orElse(false)) {
            return new Validated(new DrillRecord(drillId, source, test.resourceType().orElse(""), "", test.recoveryPointArn(), clock.instant(),
                    Optional.empty(), "", Optional.empty(), "", true), "", "already validated and reported", false);
        }
        JsonNode answer = validator.validate(request(source), plan(test), test.restoreJobId());
        boolean passed = answer.path("passed").asBoolean();
        String summary = answer.path("summary").asText();
        String status = passed ? SUCCESSFUL : FAILED;
        results.put(test.restoreJobId(), status, "Lifeboat: " + summary);
        Instant finished = test.completionDate().orElse(clock.instant());
        Instant started = test.creationDate().orElse(finished);
        DrillRecord record = new DrillRecord(drillId, source, test.resourceType().orElse(""), "aws-backup-restore-testing:" + plan,
                test.recoveryPointArn(), started, Optional.of(finished), passed ? DrillRecord.SUCCEEDED : DrillRecord.FAILED,
                Optional.of(Duration.between(started, finished).toMillis() / 1000.0), passed ? "" : "Lifeboat.ValidationFailed: " + summary,
                // AWS Backup deletes what a restore test restored once its validation is reported
                true);
        boolean first = records.finished(record);
        if (first && !passed) {
            alerts.send("Lifeboat restore test FAILED validation: " + source,
                    "AWS Backup restore testing plan " + plan + " restored " + test.recoveryPointArn() + " (restore job " + test.restoreJobId()
                            + "), and Lifeboat's validation failed: " + summary + "\n\nThe result was reported to AWS Backup as FAILED; "
                            + "AWS Backup deletes the restored resource. What to do: open the restore job in the AWS Backup console "
                            + "(Jobs, Restore jobs), read its status message, and restore the same recovery point by hand to find out why.");
            records.alerted(drillId);
        }
        return new Validated(record, status, summary, first);
    }

    private static JsonNode request(String source) {
        return Json.MAPPER.createObjectNode().put("resourceType", ResourceKind.BACKUP_RECOVERY_POINT.wireName()).put("sourceResource", source);
    }

    private static JsonNode plan(DrillEvent.RestoreTestCompleted test) {
        ObjectNode plan = Json.MAPPER.createObjectNode();
        plan.put("resourceType", ResourceKind.BACKUP_RECOVERY_POINT.wireName());
        plan.put("execution", "restore-test-" + test.restoreJobId());
        plan.putObject("recoveryPoint").put("id", test.recoveryPointArn()).put("arn", test.recoveryPointArn());
        return plan;
    }
}
