package dev.lifeboat.restoredrill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The other half of a drill, run when its execution has ended however it ended: always deletes
 * what the drill restored (also when the workflow's own cleanup ran, or never got to run because
 * the execution timed out or was stopped), measures the restore as the execution's duration,
 * records the outcome, and alerts when the drill failed or left something behind.
 *
 * <p>A repeated event records and alerts nothing twice: the finish is a conditional write, and only
 * its first writer reports (a repeat alerts only if the first finish recorded no alert).
 */
public final class DrillFinisher {

    /** How the drill ended, and what this invocation did about it. */
    public record Finished(DrillRecord record, Cleanup cleanup, boolean firstFinish, boolean alerted) {

        public boolean succeeded() {
            return DrillRecord.SUCCEEDED.equals(record.outcome());
        }
    }

    /** Something the drill restored cannot be deleted yet: the event is retried until it can. */
    public static final class CleanupPendingException extends RuntimeException {
        public CleanupPendingException(String message) {
            super(message);
        }
    }

    static final String RESTORE_TIMED_OUT = "Lifeboat.RestoreTimedOut";

    private final DrillExecutions executions;
    private final RestoredResourceCleaner cleaner;
    private final DrillRecords records;
    private final DrillAlerts alerts;

    public DrillFinisher(DrillExecutions executions, RestoredResourceCleaner cleaner, DrillRecords records, DrillAlerts alerts) {
        this.executions = executions;
        this.cleaner = cleaner;
        this.records = records;
        this.alerts = alerts;
    }

    /** Finishes the drill {@code ended} names; empty when the execution is not a drill (an operator's restore). */
    public Optional<Finished> finish(DrillEvent.ExecutionEnded ended) {
        if (!DrillNames.isDrill(ended.name())) {
            return Optional.empty();
        }
        DrillExecutions.Described execution = executions.describe(ended.executionArn());
        if ("RUNNING".equals(execution.status()) || execution.stopDate().isEmpty()) {
            throw new IllegalStateException("execution " + ended.executionArn() + " is still running although its event says "
                    + ended.status() + ": retried until Step Functions agrees");
        }
        Cleanup cleanup = cleaner.cleanUp(execution.name());
        Optional<DrillRecords.Stored> stored = records.find(execution.name());
        DrillRecord record = record(execution, stored.flatMap(DrillRecords.Stored::policy).orElse("(unknown)"), cleanup);
        boolean first = records.finished(record);
        if (!first && cleanup.complete()) {
            records.cleanedUp(record.drillId());
        }
        boolean needsAlert = !DrillRecord.SUCCEEDED.equals(record.outcome()) || !cleanup.failed().isEmpty();
        boolean alerted = false;
        if (needsAlert && (first || stored.map(s -> s.finished() && !s.alerted()).orElse(false))) {
            alerts.send(subject(record), message(record, execution, cleanup));
            records.alerted(record.drillId());
            alerted = true;
        }
        if (!cleanup.pending().isEmpty()) {
            throw new CleanupPendingException("drill " + record.drillId() + " is recorded as " + record.outcome()
                    + ", but what it restored cannot all be deleted yet: " + cleanup.summary());
        }
        return Optional.of(new Finished(record, cleanup, first, alerted));
    }

    private static DrillRecord record(DrillExecutions.Described execution, String policy, Cleanup cleanup) {
        JsonNode input = readJson(execution.input());
        Instant stop = execution.stopDate().orElseThrow();
        double seconds = Duration.between(execution.startDate(), stop).toMillis() / 1000.0;
        String outcome = switch (execution.status()) {
            case "SUCCEEDED" -> DrillRecord.SUCCEEDED;
            case "TIMED_OUT" -> DrillRecord.TIMED_OUT;
            default -> RESTORE_TIMED_OUT.equals(execution.error().orElse("")) ? DrillRecord.TIMED_OUT : DrillRecord.FAILED;
        };
        String error = switch (execution.status()) {
            case "SUCCEEDED" -> "";
            case "ABORTED" -> "ABORTED: the execution was stopped before it ended";
            case "TIMED_OUT" -> "TIMED_OUT: the execution ran past the state machine's time limit";
            default -> execution.error().orElse("FAILED") + ": " + execution.cause().orElse("(no cause given)");
        };
        return new DrillRecord(execution.name(), input.path("sourceResource").asText(""), input.path("resourceType").asText(""), policy,
                input.path("recoveryPoint").asText(""), execution.startDate(), Optional.of(stop), outcome, Optional.of(seconds),
                SafeText.bounded(error, 1000), cleanup.complete());
    }

    private static String subject(DrillRecord record) {
        return DrillRecord.SUCCEEDED.equals(record.outcome())
                ? "Lifeboat restore drill left resources behind: " + record.source()
                : "Lifeboat restore drill " + record.outcome().replace('_', ' ') + ": " + record.source();
    }

    private static String message(DrillRecord record, DrillExecutions.Described execution, Cleanup cleanup) {
        String region = execution.executionArn().split(":")[3];
        String console = "https://" + region + ".console.aws.amazon.com/states/home?region=" + region + "#/v2/executions/details/"
                + URLEncoder.encode(execution.executionArn(), StandardCharsets.UTF_8);
        String headline = DrillRecord.SUCCEEDED.equals(record.outcome())
                ? "Lifeboat restore drill LEFT RESOURCES BEHIND (" + record.drillId() + "): it restored and validated its copy, "
                        + "but could not delete all it restored."
                : "Lifeboat restore drill " + record.outcome() + " (" + record.drillId() + "): a copy of this resource could NOT be "
                        + "restored and validated. Until a drill passes, do not count on restoring it.";
        return headline + "\n\n"
                + "Resource: " + record.resourceType() + " " + record.source() + " (policy " + record.policy() + ")\n"
                + "Copy restored from: " + record.recoveryPoint() + "\n"
                + (record.error().isEmpty() ? "" : "Error: " + record.error() + "\n")
                + "Restore ran for: " + record.restoreSeconds().map(s -> String.format(java.util.Locale.ROOT, "%.1f s", s)).orElse("?") + "\n"
                + "Cleanup: " + cleanup.summary() + "\n"
                + "Execution: " + console + "\n\n"
                + "What to do: open the execution, read the failed state's error, fix the cause (the copy, the isolated subnet "
                + "group or security groups, a quota), then run the same restore from the console with this execution's input.";
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
