package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.ledger.DynamoDbLedger;
import dev.lifeboat.shared.ledger.Ledger;
import dev.lifeboat.shared.policy.PolicyCatalog;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.policy.SsmPolicyCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A burst of snapshot events for one destination, through the real copy queue (moto's SQS, with
 * the template's redrive policy) and five concurrent copy function invocations, as Lambda's SQS
 * event source runs them, while copies finish a few at a time (their copySnapshot events go to
 * the completion handler). The cap is Lifeboat's own: moto starts copies without limit.
 *
 * <p>The copy function's ledger writes go through {@link ItemWritesSerialisedDynamoDb}: DynamoDB
 * applies the conditional writes to one item one at a time, moto does not (two concurrent slot
 * takes at 19 of 20 can both pass {@code size(holders) < cap}, which once made this test see 21
 * copies in flight; {@code MotoQuirksTest} pins it down).
 *
 * <p>"In flight" is counted exactly, two ways. From AWS's side: the copies in the recovery region
 * whose completion has not been handed to the completion function. Copies finish only between
 * rounds, while no invocation runs, so within a round that number can only grow: its value when
 * a round's invocations have all returned is the round's maximum, and the check misses no moment.
 * From the ledger's side: the pool's holders after every write the copy function makes to it,
 * read while no other write can run, so every state the pool reaches is seen (the completion
 * function's writes, between rounds, only free slots). After each round both counts must agree:
 * a slot given back while its copy still runs, or a copy started without one, breaks that.
 */
@ExtendWith(MotoExtension.class)
class CopyBurstTest {

    private static final int SNAPSHOTS = 200;
    private static final int CAP = 20;
    private static final int CONCURRENT_INVOCATIONS = 5;
    private static final int COPIES_FINISHING_PER_ROUND = 20;

    @Test
    void burstOf200SnapshotsWithACapOf20CopiesEachExactlyOnceNeverMoreThan20InFlightAndNothingInTheDeadLetterQueue(Emulator emulator)
            throws Exception {
        // GIVEN 200 protected snapshots, their events on the copy queue, and a cap of 20 EBS copies in flight
        PrimaryEstate estate = new PrimaryEstate(emulator);
        SqsClient sqs = emulator.client(SqsClient.builder(), Emulator.PRIMARY);
        String volume = estate.volume(Map.of("lifeboat:policy", "default"));
        List<String> snapshots = new ArrayList<>();
        for (int i = 0; i < SNAPSHOTS; i++) {
            String snapshot = estate.snapshot(volume, Map.of());
            snapshots.add(snapshot);
            String event = PrimaryEstate.event("ebs-create-snapshot-succeeded.json",
                    Map.of("snap-0a1b2c3d4e5f60001", snapshot, "vol-0a1b2c3d4e5f60001", volume));
            sqs.sendMessage(r -> r.queueUrl(estate.copyQueueUrl()).messageBody(event));
        }
        Map<String, String> environment = new HashMap<>(estate.functionEnvironment());
        environment.put("COPY_CAP_EBS_SNAPSHOT", Integer.toString(CAP));
        environment.put("COPY_DEFER_SECONDS", "0");
        String pool = CopySlots.pool(ResourceTypes.EBS_SNAPSHOT, Emulator.RECOVERY.id());
        AtomicInteger mostSlotsTaken = new AtomicInteger();
        CopySnapshotHandler copy = handler(environment, sqs, estate.copyQueueUrl(), pool, item -> mostSlotsTaken.accumulateAndGet(
                item.containsKey("holders") ? item.get("holders").m().size() : 0, Math::max));
        Ledger ledger = new DynamoDbLedger(emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY), environment.get("LEDGER_TABLE"),
                Clock.systemUTC());
        CopyCompletionHandler completion = new CopyCompletionHandler(estate.completionEnvironment());

        // WHEN the queue is drained by concurrent invocations while copies finish between rounds
        Set<String> finished = new HashSet<>();
        int maxInFlight = 0;
        int rounds = 0;
        ExecutorService lambda = Executors.newFixedThreadPool(CONCURRENT_INVOCATIONS);
        try {
            while (finished.size() < SNAPSHOTS && rounds++ < 400) {
                List<Future<?>> invocations = new ArrayList<>();
                for (int i = 0; i < CONCURRENT_INVOCATIONS; i++) {
                    invocations.add(lambda.submit(() -> deliverOneBatch(sqs, estate.copyQueueUrl(), copy)));
                }
                for (Future<?> invocation : invocations) {
                    invocation.get();
                }
                List<Snapshot> copies = estate.recoveryCopies();
                int inFlight = (int) copies.stream().filter(c -> !finished.contains(c.snapshotId())).count();
                maxInFlight = Math.max(maxInFlight, inFlight);
                assertThat(inFlight).as("copies in flight after round %d", rounds).isLessThanOrEqualTo(CAP);
                assertThat(ledger.slots(pool)).as("slots taken after round %d", rounds).hasSize(inFlight);
                // AWS finishes a few copies and raises their copySnapshot events in the recovery region
                List<String> finishing = copies.stream().map(Snapshot::snapshotId).filter(id -> !finished.contains(id))
                        .limit(COPIES_FINISHING_PER_ROUND).toList();
                for (String copyId : finishing) {
                    SQSBatchResponse settled = completion.handleRequest(PrimaryEstate.sqsEvent(PrimaryEstate.event(
                            "ebs-copy-snapshot-succeeded.json", Map.of("snap-0f9e8d7c6b5a40001", copyId))),
                            LambdaTestContext.forFunction("lifeboat-copy-completion"));
                    assertThat(settled.getBatchItemFailures()).isEmpty();
                    finished.add(copyId);
                }
            }
        } finally {
            lambda.shutdownNow();
        }

        // THEN every snapshot was copied exactly once, the cap was reached but never passed, and nothing was parked
        Map<String, Long> copiesPerSource = estate.recoveryCopies().stream().collect(Collectors.groupingBy(
                c -> c.tags().stream().filter(t -> t.key().equals("lifeboat:source-id")).findFirst().orElseThrow().value(),
                Collectors.counting()));
        assertThat(copiesPerSource.keySet()).containsExactlyInAnyOrderElementsOf(snapshots);
        assertThat(copiesPerSource.values()).allMatch(count -> count == 1);
        assertThat(maxInFlight).isEqualTo(CAP);
        assertThat(mostSlotsTaken.get()).as("most slots taken at any write").isEqualTo(CAP);
        assertThat(messages(sqs, estate.copyDeadLetterQueueUrl())).isZero();
        assertThat(messages(sqs, estate.copyQueueUrl())).isZero();
    }

    /**
     * The copy function as {@link CopySnapshotHandler#CopySnapshotHandler(Map)} wires it for EBS
     * snapshots in one account, but with its ledger on {@link ItemWritesSerialisedDynamoDb}.
     */
    private static CopySnapshotHandler handler(Map<String, String> environment, SqsClient sqs, String queueUrl, String pool,
                                               Consumer<Map<String, AttributeValue>> poolAfterEachWrite) {
        AwsClientFactory clients = new AwsClientFactory(environment);
        Ledger ledger = new DynamoDbLedger(new ItemWritesSerialisedDynamoDb(clients.client(DynamoDbClient.builder(), "DYNAMODB"), pool,
                poolAfterEachWrite),
                environment.get("LEDGER_TABLE"), Clock.systemUTC());
        PolicyCatalog policies = new SsmPolicyCatalog(clients.client(SsmClient.builder(), "SSM"), environment.get("POLICY_PARAMETER"),
                PolicyDocument.parseDefault(environment.get("DEFAULT_POLICY")));
        CopyCaps caps = CopyCaps.fromEnvironment(environment);
        return new CopySnapshotHandler(new RecoveryPointCopyService(
                new SnapshotCopyService(new Ec2Snapshots(clients), policies, ledger, new CopySlots(ledger, caps), CrossAccount.NONE),
                new RdsSnapshotCopyService(new RdsApiSnapshots(clients), policies, ledger, caps),
                new BackupCopyService(new AwsBackupCopyJobs(clients), policies, ledger, caps, environment.get("RECOVERY_VAULT_NAME"),
                        environment.get("BACKUP_COPY_ROLE_ARN"))),
                new SqsCopyDeferral(() -> sqs, queueUrl, Integer.parseInt(environment.get("COPY_DEFER_SECONDS"))),
                CopySnapshotHandler.DEFAULT_MAX_DEFERRALS, "Lifeboat");
    }

    private static final Object RECEIVING = new Object();

    /**
     * One invocation by the SQS event source: receive up to 10, invoke, delete what did not fail.
     * Receives are serialised: with concurrent ReceiveMessage calls against moto, one record was
     * handled by two invocations at once (a stale receipt handle followed), which AWS's visibility
     * timeout prevents; not yet pinned down as a moto quirk. The invocations still run concurrently.
     */
    private static void deliverOneBatch(SqsClient sqs, String queueUrl, CopySnapshotHandler handler) {
        List<Message> messages;
        synchronized (RECEIVING) {
            messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(30)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                    .messageAttributeNames("All")).messages();
        }
        if (messages.isEmpty()) {
            return;
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(CopyBurstTest::record).toList());
        SQSBatchResponse response = handler.handleRequest(event, LambdaTestContext.forFunction("lifeboat-copy-snapshot"));
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            } else {
                // a failed record returns at once here (Lambda would wait out the visibility timeout)
                sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
            }
        }
    }

    private static SQSEvent.SQSMessage record(Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setEventSource("aws:sqs");
        record.setAttributes(Map.of("ApproximateReceiveCount",
                message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")));
        Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setStringValue(value.stringValue());
            attribute.setDataType(value.dataType());
            attributes.put(name, attribute);
        });
        record.setMessageAttributes(attributes);
        return record;
    }

    private static int messages(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }
}
