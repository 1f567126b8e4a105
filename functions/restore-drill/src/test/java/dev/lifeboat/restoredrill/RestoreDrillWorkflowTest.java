package dev.lifeboat.restoredrill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.frontdoor.FrontDoor;
import dev.lifeboat.local.frontdoor.FrontDoorExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.Emf;
import dev.lifeboat.shared.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Drills end to end: the drill function starts the restore workflow from template.yaml in moto's
 * interpreter (its Lambda tasks running the real resolve and validate handlers through the front
 * door), and finishes the drill from the execution's status-change event. Moto emits no Step
 * Functions events: each test builds that event from the ended execution (DescribeExecution), as
 * {@link DrillEstate#statusChangeEvent} documents.
 */
@ExtendWith(FrontDoorExtension.class)
class RestoreDrillWorkflowTest {

    /** The workflow checks every second. */
    private static final Map<String, String> FAST = Map.of("RestorePollSeconds", "1");
    private static final String SCHEDULE = DrillEstate.resource("events/restore-drill-schedule.json");

    @Test
    void drillThatSucceedsDeletesWhatItRestoredAndRecordsTheWorkflowsDurationAsItsRto(Emulator emulator, FrontDoor door) {
        // GIVEN a copy of a volume under the gold policy, which asks for drills
        DrillEstate estate = new DrillEstate(emulator, door, FAST);
        String copy = estate.ebsCopy("vol-0a1b2c3d4e5f60001", "gold", Instant.now().minus(Duration.ofDays(1)));
        RestoreDrillHandler handler = new RestoreDrillHandler(estate.environment(Map.of()));

        // WHEN the schedule starts the drills and the drill's workflow ends
        String drill = startedDrill(DrillEstate.invoke(handler, SCHEDULE));
        DescribeExecutionResponse execution = estate.awaitEnd(drill);
        assertThat(execution.status()).as("%s: %s", execution.error(), execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = json(execution.output());
        List<Volume> restored = estate.volumesRestoredBy(drill);
        CapturedStdout.Result<Map<String, Object>> finish = DrillEstate.invoke(handler, estate.statusChangeEvent(drill));

        // THEN the copy was restored into the policy's drill zone and validated, then deleted
        assertThat(output.path("recoveryPoint").path("id").asText()).isEqualTo(copy);
        assertThat(restored).singleElement().satisfies(volume -> {
            assertThat(volume.volumeId()).isEqualTo(output.path("restoredResource").asText());
            assertThat(volume.availabilityZone()).isEqualTo("us-west-2b");
        });
        assertThat(estate.volumesRestoredBy(drill)).isEmpty();
        // AND the drill is recorded as succeeded, its RTO the workflow's measured duration
        double duration = Duration.between(execution.startDate(), execution.stopDate()).toMillis() / 1000.0;
        Map<String, AttributeValue> record = estate.record(drill);
        assertThat(record.get("outcome").s()).isEqualTo("SUCCEEDED");
        assertThat(Double.parseDouble(record.get("restoreSeconds").n())).isEqualTo(duration);
        assertThat(record.get("cleanedUp").bool()).isTrue();
        assertThat(record.get("source").s()).isEqualTo("vol-0a1b2c3d4e5f60001");
        assertThat(record.get("resourceType").s()).isEqualTo("ebs-volume");
        assertThat(record.get("policy").s()).isEqualTo("gold");
        assertThat(record.get("recoveryPoint").s()).isEqualTo(copy);
        assertThat(Instant.parse(record.get("startedAt").s())).isEqualTo(execution.startDate());
        assertThat(Instant.parse(record.get("finishedAt").s())).isEqualTo(execution.stopDate());
        // AND measured: DrillSucceeded 1, DrillRestoreSeconds the same duration; no alert
        List<Emf.Metric> metrics = Emf.metrics(finish.output());
        assertThat(metrics).filteredOn(m -> m.name().equals("DrillSucceeded")).singleElement().satisfies(m -> {
            assertThat(m.value()).isEqualTo(1.0);
            assertThat(m.dimensions()).containsEntry("Region", "us-west-2");
        });
        assertThat(metrics).filteredOn(m -> m.name().equals("DrillRestoreSeconds")).singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo(duration));
        assertThat(estate.drillAlerts()).isEmpty();
    }

    @Test
    void drillWhoseValidationFailsIsCleanedUpAlertedAndRecordedAsFailed(Emulator emulator, FrontDoor door) {
        // GIVEN a copy of a database under gold, and drills that must connect to the restored database
        // (moto's endpoints resolve nowhere, so the connection fails)
        DrillEstate estate = new DrillEstate(emulator, door, FAST);
        String copy = estate.rdsCopy("orders-db", "orders-db-copy-1", "gold", Instant.now().minus(Duration.ofDays(2)));
        RestoreDrillHandler handler = new RestoreDrillHandler(estate.environment(Map.of("DRILL_DB_TCP_PROBE", "true")));

        // WHEN the drill runs and finishes
        String drill = startedDrill(DrillEstate.invoke(handler, SCHEDULE));
        DescribeExecutionResponse execution = estate.awaitEnd(drill);
        CapturedStdout.Result<Map<String, Object>> finish = DrillEstate.invoke(handler, estate.statusChangeEvent(drill));

        // THEN the workflow failed validation, restoring the copy into the isolated target only
        assertThat(execution.error()).isEqualTo("Lifeboat.ValidationFailed");
        JsonNode target = json(execution.input()).path("target");
        assertThat(target.path("subnetGroup").asText()).isEqualTo(DrillEstate.DRILL_SUBNET_GROUP);
        assertThat(target.path("securityGroups").get(0).asText()).isEqualTo(estate.drillSecurityGroup);
        assertThat(json(execution.input()).has("dnsCutover")).isFalse();
        // AND nothing it restored is left; the drill is recorded as failed, with the reason
        assertThat(estate.instancesRestoredBy(drill)).isEmpty();
        Map<String, AttributeValue> record = estate.record(drill);
        assertThat(record.get("outcome").s()).isEqualTo("FAILED");
        assertThat(record.get("error").s()).startsWith("Lifeboat.ValidationFailed: ").contains("tcp");
        assertThat(record.get("cleanedUp").bool()).isTrue();
        assertThat(record.get("recoveryPoint").s()).isEqualTo(copy);
        // AND an alert names the drill, the resource, the error and the cleanup
        assertThat(estate.drillAlerts()).singleElement().asString()
                .contains(drill, "FAILED", "rds-instance orders-db", "policy gold", "Lifeboat.ValidationFailed", "Cleanup:");
        assertThat(Emf.metrics(finish.output())).filteredOn(m -> m.name().equals("DrillSucceeded")).singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo(0.0));
        assertThat(Emf.metrics(finish.output())).noneMatch(m -> m.name().equals("DrillRestoreSeconds"));
    }

    @Test
    void drillThatTimesOutIsCleanedUpAlertedAndRecordedAsTimedOut(Emulator emulator, FrontDoor door) {
        // GIVEN a database copy under gold, and a workflow that gives an RDS restore two seconds
        DrillEstate estate = new DrillEstate(emulator, door, Map.of("RestorePollSeconds", "2", "RdsRestoreTimeLimitSeconds", "2"));
        estate.rdsCopy("orders-db", "orders-db-copy-1", "gold", Instant.now().minus(Duration.ofDays(1)));
        RestoreDrillHandler handler = new RestoreDrillHandler(estate.environment(Map.of()));

        // WHEN the drill starts, and the restored instance never becomes available (stopped: moto's instances are available at once)
        String drill = startedDrill(DrillEstate.invoke(handler, SCHEDULE));
        DBInstance restored = stopWhenRestored(estate, drill);
        DescribeExecutionResponse execution = estate.awaitEnd(drill);
        DrillEstate.invoke(handler, estate.statusChangeEvent(drill));

        // THEN the restore went to the isolated target, timed out, and nothing of it is left
        assertThat(restored.dbSubnetGroup().dbSubnetGroupName()).isEqualTo(DrillEstate.DRILL_SUBNET_GROUP);
        assertThat(restored.vpcSecurityGroups()).singleElement()
                .satisfies(group -> assertThat(group.vpcSecurityGroupId()).isEqualTo(estate.drillSecurityGroup));
        assertThat(execution.error()).isEqualTo("Lifeboat.RestoreTimedOut");
        assertThat(estate.instancesRestoredBy(drill)).isEmpty();
        Map<String, AttributeValue> record = estate.record(drill);
        assertThat(record.get("outcome").s()).isEqualTo("TIMED_OUT");
        assertThat(record.get("cleanedUp").bool()).isTrue();
        assertThat(estate.drillAlerts()).singleElement().asString().contains(drill, "TIMED_OUT", "Lifeboat.RestoreTimedOut");
    }

    @Test
    void drillStoppedBeforeTheWorkflowCouldCleanUpIsStillCleanedUp(Emulator emulator, FrontDoor door) {
        // GIVEN a volume copy under gold, and a workflow that waits 30 s before its first check
        DrillEstate estate = new DrillEstate(emulator, door, Map.of("RestorePollSeconds", "30"));
        estate.ebsCopy("vol-0a1b2c3d4e5f60001", "gold", Instant.now().minus(Duration.ofHours(6)));
        RestoreDrillHandler handler = new RestoreDrillHandler(estate.environment(Map.of()));

        // WHEN the drill has restored its volume and the execution is stopped (as a time-out of the whole execution would end it)
        String drill = startedDrill(DrillEstate.invoke(handler, SCHEDULE));
        awaitVolume(estate, drill);
        estate.sfn.stopExecution(r -> r.executionArn(estate.executionArn(drill)).error("Drill.Test").cause("stopped by the test"));
        DescribeExecutionResponse execution = estate.awaitEnd(drill);
        int left = estate.volumesRestoredBy(drill).size();
        DrillEstate.invoke(handler, estate.statusChangeEvent(drill));

        // THEN the workflow's own cleanup never ran, and the drill function deleted the volume
        assertThat(execution.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(left).isEqualTo(1);
        assertThat(estate.volumesRestoredBy(drill)).isEmpty();
        assertThat(estate.record(drill).get("outcome").s()).isEqualTo("FAILED");
        assertThat(estate.record(drill).get("error").s()).startsWith("ABORTED");
        assertThat(estate.drillAlerts()).singleElement().asString().contains(drill, "ABORTED", "deleted volume");
    }

    @Test
    void aRepeatedScheduleDeliveryStartsNoSecondExecution(Emulator emulator, FrontDoor door) {
        // GIVEN a volume copy under gold
        DrillEstate estate = new DrillEstate(emulator, door, FAST);
        estate.ebsCopy("vol-0a1b2c3d4e5f60001", "gold", Instant.now().minus(Duration.ofDays(1)));
        RestoreDrillHandler handler = new RestoreDrillHandler(estate.environment(Map.of()));

        // WHEN the schedule's event is delivered twice
        String drill = startedDrill(DrillEstate.invoke(handler, SCHEDULE));
        Map<String, Object> again = DrillEstate.invoke(handler, SCHEDULE).value();
        estate.awaitEnd(drill);
        Map<String, Object> late = DrillEstate.invoke(handler, SCHEDULE).value();

        // THEN one execution ran, and one drill is recorded
        assertThat(again.get("started")).asList().isEmpty();
        assertThat(again.get("alreadyStarted")).asList().containsExactly(drill);
        assertThat(late.get("started")).asList().isEmpty();
        assertThat(late.get("alreadyStarted")).asList().containsExactly(drill);
        assertThat(estate.sfn.listExecutions(r -> r.stateMachineArn(estate.stateMachineArn)).executions()).singleElement()
                .satisfies(execution -> assertThat(execution.name()).isEqualTo(drill));
        assertThat(estate.records()).isEqualTo(1);
    }

    @Test
    void aRepeatedFinishEventAlertsAndRecordsOnce(Emulator emulator, FrontDoor door) {
        // GIVEN a drill that failed validation
        DrillEstate estate = new DrillEstate(emulator, door, FAST);
        estate.rdsCopy("orders-db", "orders-db-copy-1", "gold", Instant.now().minus(Duration.ofDays(1)));
        RestoreDrillHandler handler = new RestoreDrillHandler(estate.environment(Map.of("DRILL_DB_TCP_PROBE", "true")));
        String drill = startedDrill(DrillEstate.invoke(handler, SCHEDULE));
        estate.awaitEnd(drill);
        String event = estate.statusChangeEvent(drill);

        // WHEN its status-change event is delivered twice
        Map<String, Object> first = DrillEstate.invoke(handler, event).value();
        CapturedStdout.Result<Map<String, Object>> second = DrillEstate.invoke(handler, event);

        // THEN one alert and one record; the repeat reports nothing
        assertThat(first).containsEntry("alerted", true);
        assertThat(second.value()).containsEntry("duplicate", true).containsEntry("alerted", false);
        assertThat(estate.drillAlerts()).hasSize(1);
        assertThat(estate.records()).isEqualTo(1);
        assertThat(Emf.metrics(second.output())).noneMatch(m -> m.name().equals("DrillSucceeded"));
    }

    @Test
    void noMoreDrillsRunAtOnceThanTheLimit(Emulator emulator, FrontDoor door) {
        // GIVEN two gold volumes, one drill at a time, and a workflow that waits 30 s before its first check
        DrillEstate estate = new DrillEstate(emulator, door, Map.of("RestorePollSeconds", "30"));
        estate.ebsCopy("vol-0a1b2c3d4e5f60001", "gold", Instant.now().minus(Duration.ofDays(1)));
        estate.ebsCopy("vol-0a1b2c3d4e5f60002", "gold", Instant.now().minus(Duration.ofDays(1)));
        RestoreDrillHandler handler = new RestoreDrillHandler(estate.environment(Map.of("MAX_CONCURRENT_DRILLS", "1")));

        // WHEN the schedule runs, and runs again while the first drill is still running
        Map<String, Object> first = DrillEstate.invoke(handler, SCHEDULE).value();
        Map<String, Object> second = DrillEstate.invoke(handler, SCHEDULE).value();

        // THEN one drill started and one waits; the second run starts nothing, both sources waiting
        assertThat(first.get("started")).asList().hasSize(1);
        assertThat(first.get("deferred")).asList().hasSize(1);
        assertThat(second.get("started")).asList().isEmpty();
        assertThat(second.get("deferred")).asList().hasSize(2);
        String drill = String.valueOf(((List<?>) first.get("started")).get(0));
        estate.sfn.stopExecution(r -> r.executionArn(estate.executionArn(drill)));
        estate.awaitEnd(drill);
        DrillEstate.invoke(handler, estate.statusChangeEvent(drill));
        assertThat(estate.volumesRestoredBy(drill)).isEmpty();
    }

    @Test
    void onlyPoliciesThatAskForDrillsAreDrilled(Emulator emulator, FrontDoor door) {
        // GIVEN copies under bronze (no drills) and one gold copy older than gold's seven recent days
        DrillEstate estate = new DrillEstate(emulator, door, FAST);
        estate.ebsCopy("vol-0a1b2c3d4e5f60002", "bronze", Instant.now().minus(Duration.ofDays(1)));
        estate.ebsCopy("vol-0a1b2c3d4e5f60003", "gold", Instant.now().minus(Duration.ofDays(9)));
        RestoreDrillHandler handler = new RestoreDrillHandler(estate.environment(Map.of()));

        // WHEN the schedule runs
        Map<String, Object> answer = DrillEstate.invoke(handler, SCHEDULE).value();

        // THEN nothing starts, and the stale gold source is named as skipped
        assertThat(answer.get("started")).asList().isEmpty();
        assertThat(answer.get("skipped")).asList().singleElement().asString().contains("vol-0a1b2c3d4e5f60003", "7 days");
        assertThat(estate.sfn.listExecutions(r -> r.stateMachineArn(estate.stateMachineArn)).executions()).isEmpty();
    }

    /**
     * The one drill the schedule started. Its output is not checked here: the execution it started runs the
     * workflow's Lambda tasks in this JVM at the same time, and the in-process invoker moves System.out while
     * they run, so what the handler prints after StartExecution may miss the capture.
     */
    private static String startedDrill(CapturedStdout.Result<Map<String, Object>> start) {
        assertThat((List<?>) start.value().get("started")).as("drills started: %s", start.value()).hasSize(1);
        return String.valueOf(((List<?>) start.value().get("started")).get(0));
    }

    private static DBInstance stopWhenRestored(DrillEstate estate, String drill) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            List<DBInstance> restored = estate.instancesRestoredBy(drill);
            if (!restored.isEmpty()) {
                estate.rds.stopDBInstance(r -> r.dbInstanceIdentifier(restored.get(0).dbInstanceIdentifier()));
                return restored.get(0);
            }
            DrillEstate.pause(Duration.ofMillis(50));
        }
        throw new AssertionError("drill " + drill + " restored no DB instance within 20 s");
    }

    private static void awaitVolume(DrillEstate estate, String drill) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (estate.volumesRestoredBy(drill).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("drill " + drill + " restored no volume within 20 s");
            }
            DrillEstate.pause(Duration.ofMillis(100));
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
