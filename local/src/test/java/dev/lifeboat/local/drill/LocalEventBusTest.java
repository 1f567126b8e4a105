package dev.lifeboat.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.drill.LocalEventBus.Rule;
import dev.lifeboat.local.drill.LocalEventBus.Target;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The drill's in-process EventBridge: the template's rules, in the region of the stack that creates
 * each, matched by Event Ruler against the events the drill raises, delivered to their targets.
 */
@ExtendWith(MotoExtension.class)
class LocalEventBusTest {

    private static final Path REPO = RepoRoot.find();
    private static final Template TEMPLATE = Template.loadFrom(REPO);
    private static final Map<String, String> OFFLINE = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    private static final Instant TIME = Instant.parse("2025-03-10T02:07:43Z");

    private final DrillEvents events = new DrillEvents(REPO);

    @Test
    void aSucceededEbsSnapshotInThePrimaryRegionGoesToTheCopyQueueAndToTheMetricsFunction() {
        // GIVEN the bus built from template.yaml
        LocalEventBus bus = offlineBus();

        // WHEN a succeeded createSnapshot event of us-east-1 is matched
        List<Rule> matched = bus.matching(events.ebsSnapshotCreated("us-east-1", "snap-0123456789abcdef0", "vol-0123456789abcdef0", TIME));

        // THEN the copy rule sends it to the copy queue, consumed by the copy function, and the metrics rule to the metrics function
        assertThat(matched).extracting(Rule::name).containsExactlyInAnyOrder("EbsSnapshotCreatedRule", "MetricsEbsSnapshotsRule");
        assertThat(targets(matched, "EbsSnapshotCreatedRule")).singleElement().isInstanceOfSatisfying(Target.Queue.class, queue -> {
            assertThat(queue.queueId()).isEqualTo("CopyQueue");
            assertThat(queue.consumerFunctionId()).isEqualTo("CopySnapshotFunction");
            assertThat(queue.stack()).isEqualTo(StackRole.PRIMARY);
        });
        assertThat(targets(matched, "MetricsEbsSnapshotsRule"))
                .containsExactly(new Target.Function(StackRole.PRIMARY, "BackupMetricsFunction"));
    }

    @Test
    void theInjectedFailedSnapshotReachesTheAlertFunctionAndNotTheCopyQueue() {
        LocalEventBus bus = offlineBus();

        List<Rule> matched = bus.matching(events.ebsSnapshotFailed("us-east-1", "snap-0123456789abcdef0", "vol-0123456789abcdef0", TIME));

        assertThat(matched).extracting(Rule::name).containsExactlyInAnyOrder("AlertEbsSnapshotFailuresRule", "MetricsEbsSnapshotsRule");
        assertThat(targets(matched, "AlertEbsSnapshotFailuresRule"))
                .containsExactly(new Target.Function(StackRole.PRIMARY, "FailureAlertFunction"));
    }

    @Test
    void aCopysOwnEventIsMatchedByTheRecoveryStacksRulesOnly() {
        LocalEventBus bus = offlineBus();

        // WHEN the copy's copySnapshot event is raised in the recovery region
        List<Rule> matched = bus.matching(events.ebsSnapshotCopied("us-west-2", "snap-0fedcba9876543210", "us-east-1", "snap-0123456789abcdef0", TIME));

        // THEN the recovery stack's completion and metrics rules take it: never the copy rule
        assertThat(matched).extracting(Rule::name).containsExactlyInAnyOrder("EbsSnapshotCopiedRule", "MetricsEbsSnapshotsRule");
        assertThat(matched).allSatisfy(rule -> {
            assertThat(rule.stack()).isEqualTo(StackRole.RECOVERY);
            assertThat(rule.region()).isEqualTo("us-west-2");
        });
        assertThat(targets(matched, "EbsSnapshotCopiedRule")).singleElement().isInstanceOfSatisfying(Target.Queue.class, queue ->
                assertThat(queue.consumerFunctionId()).isEqualTo("CopyCompletionFunction"));
    }

    @Test
    void rdsAndAuroraSnapshotEventsReachTheCopyQueue() {
        LocalEventBus bus = offlineBus();

        assertThat(bus.matching(events.rdsSnapshotCreated("us-east-1", "orders-db-day-1", TIME))).extracting(Rule::name)
                .contains("RdsSnapshotCreatedRule");
        assertThat(bus.matching(events.auroraSnapshotCreated("us-east-1", "payments-cluster-day-1", TIME))).extracting(Rule::name)
                .contains("RdsSnapshotCreatedRule");
        assertThat(bus.matching(events.rdsSnapshotCopyFinished("us-west-2", "lifeboat-us-east-1-orders-db-day-1", "us-east-1",
                "orders-db-day-1", TIME))).extracting(Rule::name).contains("RdsSnapshotCopyFinishedRule").doesNotContain("RdsSnapshotCreatedRule");
    }

    @Test
    void theEndOfARestoreExecutionReachesTheRecoveryStacksMetricsAndOnlyAFailureItsAlerts() {
        LocalEventBus bus = offlineBus();
        String arn = "arn:aws:states:us-west-2:123456789012:execution:lifeboat-restore:dr-ebs-volume-1";

        List<Rule> succeeded = bus.matching(events.restoreExecutionEnded(arn, "SUCCEEDED", TIME, TIME.plusSeconds(5), "{}", "{}"));
        List<Rule> failed = bus.matching(events.restoreExecutionEnded(arn, "FAILED", TIME, TIME.plusSeconds(5), "{}", null));

        assertThat(succeeded).extracting(Rule::name).contains("MetricsRestoreExecutionsRule").doesNotContain("AlertRestoreWorkflowFailuresRule");
        assertThat(succeeded).allSatisfy(rule -> assertThat(rule.stack()).isEqualTo(StackRole.RECOVERY));
        assertThat(failed).extracting(Rule::name).contains("MetricsRestoreExecutionsRule", "AlertRestoreWorkflowFailuresRule");
    }

    @Test
    void theDrillsRestoresAreNotTakenForTheScheduledDrillsWhichTheDrillFunctionCleansUp() {
        LocalEventBus bus = offlineBus();
        String ours = "arn:aws:states:us-west-2:123456789012:execution:lifeboat-restore:dr-ebs-volume-1";

        List<Rule> matched = bus.matching(events.restoreExecutionEnded(ours, "SUCCEEDED", TIME, TIME.plusSeconds(5), "{}", "{}"));

        assertThat(matched).flatExtracting(Rule::targets).doesNotContain(new Target.Function(StackRole.RECOVERY, "RestoreDrillFunction"));
    }

    @Test
    void aFunctionsEventBridgeRuleEventIsARuleOfItsStack() {
        LocalEventBus bus = offlineBus();

        // a Restore Requested event on the recovery region's bus (StartRestoreFunction's EventBridgeRule event)
        String event = "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"Restore Requested\",\"source\":\"lifeboat\",\"account\":\"123456789012\","
                + "\"time\":\"2025-03-10T02:07:43Z\",\"region\":\"us-west-2\",\"resources\":[],\"detail\":{}}";

        assertThat(bus.matching(event)).extracting(Rule::name).containsExactly("StartRestoreFunction.RestoreRequested");
        assertThat(bus.matching(event.replace("us-west-2", "eu-west-1"))).as("a region no stack is in").isEmpty();
    }

    @Test
    void queuedEventsReachTheConsumerAsOneSqsBatchAndOnlyTheRecordsItReportsFailedStayInTheQueue(Emulator emulator) throws Exception {
        // GIVEN the template's queues in the emulator, and a copy function that fails the second record it is given
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        List<String> batches = new ArrayList<>();
        LocalEventBus.Runner runner = (stack, functionId, event) -> {
            if (!functionId.equals("CopySnapshotFunction")) {
                return new InvocationResult.Success("{}");
            }
            batches.add(event);
            String second = secondMessageId(event);
            return new InvocationResult.Success("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + second + "\"}]}");
        };
        try (SqsClient sqs = emulator.client(SqsClient.builder(), Emulator.PRIMARY)) {
            LocalEventBus bus = new LocalEventBus(TEMPLATE, Map.of(), emulator.environment(Map.of()), runner, region -> sqs);

            // WHEN two snapshot events are put on the bus and the queues are drained
            bus.put(events.ebsSnapshotCreated("us-east-1", "snap-0000000000000000a", "vol-0000000000000000a", TIME));
            bus.put(events.ebsSnapshotCreated("us-east-1", "snap-0000000000000000b", "vol-0000000000000000b", TIME));
            bus.drainQueues();

            // THEN the copy function got both in one SQS event, from the copy queue
            assertThat(batches).hasSize(1);
            var records = Json.MAPPER.readTree(batches.get(0)).path("Records");
            assertThat(records).hasSize(2);
            assertThat(records.get(0).path("eventSource").asText()).isEqualTo("aws:sqs");
            assertThat(records.get(0).path("eventSourceARN").asText()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:lifeboat-CopyQueue");
            assertThat(records.get(0).path("body").asText()).contains("snap-0000000000000000a");
            // AND the failed record is in flight again (not deleted), the delivery recorded as failed
            String queueUrl = sqs.getQueueUrl(r -> r.queueName("lifeboat-CopyQueue")).queueUrl();
            assertThat(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("1");
            assertThat(bus.deliveries()).filteredOn(delivery -> delivery.functionId().equals("CopySnapshotFunction")).singleElement()
                    .satisfies(delivery -> {
                        assertThat(delivery.succeeded()).isFalse();
                        assertThat(delivery.detail()).startsWith("1 of 2 record(s) reported as failed");
                    });
        }
    }

    @Test
    void aFunctionThatCannotStartIsAFailedDeliveryAndTheOtherTargetsStillGetTheEvent() {
        // GIVEN a metrics function that cannot start (its environment names what the template lacks, say) and a working alert function
        List<String> reached = new ArrayList<>();
        LocalEventBus bus = new LocalEventBus(TEMPLATE, Map.of(), OFFLINE, (stack, functionId, event) -> {
            if (functionId.equals("BackupMetricsFunction")) {
                throw new IllegalArgumentException("Unresolvable reference 'SomeTable'");
            }
            reached.add(functionId);
            return new InvocationResult.Success("{}");
        }, region -> {
            throw new AssertionError("nothing is queued in this test");
        });

        // WHEN a failed snapshot event, which both rules match, is put on the bus
        bus.put(events.ebsSnapshotFailed("us-east-1", "snap-0123456789abcdef0", "vol-0123456789abcdef0", TIME));

        // THEN the alert function got it, and the metrics delivery is recorded as failed, naming why
        assertThat(reached).containsExactly("FailureAlertFunction");
        assertThat(bus.deliveries()).filteredOn(delivery -> !delivery.succeeded()).singleElement().satisfies(delivery -> {
            assertThat(delivery.functionId()).isEqualTo("BackupMetricsFunction");
            assertThat(delivery.detail()).isEqualTo("not started: Unresolvable reference 'SomeTable'");
        });
    }

    private static LocalEventBus offlineBus() {
        return new LocalEventBus(TEMPLATE, Map.of(), OFFLINE, (stack, id, event) -> {
            throw new AssertionError("nothing is delivered in this test");
        }, region -> {
            throw new AssertionError("nothing is queued in this test");
        });
    }

    private static String secondMessageId(String sqsEvent) {
        try {
            return Json.MAPPER.readTree(sqsEvent).path("Records").path(1).path("messageId").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Target> targets(List<Rule> rules, String name) {
        return rules.stream().filter(rule -> rule.name().equals(name)).findFirst().orElseThrow().targets();
    }
}
