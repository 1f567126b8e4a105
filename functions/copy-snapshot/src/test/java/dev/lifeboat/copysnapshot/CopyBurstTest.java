package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.LambdaTestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A burst of snapshot events for one destination, through the real copy queue (moto's SQS, with
 * the template's redrive policy) and five concurrent copy function invocations, as Lambda's SQS
 * event source runs them, while copies finish a few at a time (their copySnapshot events go to
 * the completion handler). The cap is Lifeboat's own: moto starts copies without limit.
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
        CopySnapshotHandler copy = new CopySnapshotHandler(environment);
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
        assertThat(messages(sqs, estate.copyDeadLetterQueueUrl())).isZero();
        assertThat(messages(sqs, estate.copyQueueUrl())).isZero();
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
