package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.ledger.DynamoDbLedger;
import dev.lifeboat.shared.ledger.Ledger;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * RDS's own cross-Region copy events, raised in the recovery region, settle the copy: the sample
 * events {@code events/rds-db-snapshot-copy-finished.json} (RDS-EVENT-0060) and
 * {@code events/rds-db-snapshot-copy-canceled.json} (RDS-EVENT-0061), rewritten to name a copy the
 * copy function started in moto. Alerts go to an SNS topic that an SQS queue subscribes to.
 */
@ExtendWith(MotoExtension.class)
class CopyCompletionRdsEventsTest {

    private static final String FINISHED = "rds-db-snapshot-copy-finished.json";
    private static final String CANCELED = "rds-db-snapshot-copy-canceled.json";
    private static final String SAMPLE_SOURCE = "rds:orders-db-2025-03-10-02-05";
    private static final String SAMPLE_COPY = "lifeboat-us-east-1-rds-orders-db-2025-03-10-02-05";

    private CopySnapshotHandler copyHandler;
    private CopyCompletionHandler completionHandler;
    private RdsClient primary;
    private RdsClient recovery;
    private Ledger ledger;
    private SqsClient sqs;
    private String alertQueueUrl;

    @BeforeEach
    void setUp(Emulator emulator) {
        PrimaryEstate estate = new PrimaryEstate(emulator);
        copyHandler = new CopySnapshotHandler(estate.functionEnvironment());
        primary = emulator.client(RdsClient.builder(), Emulator.PRIMARY);
        recovery = emulator.client(RdsClient.builder(), Emulator.RECOVERY);

        SnsClient sns = emulator.client(SnsClient.builder(), Emulator.RECOVERY);
        sqs = emulator.client(SqsClient.builder(), Emulator.RECOVERY);
        String topicArn = sns.createTopic(r -> r.name("lifeboat-alerts")).topicArn();
        alertQueueUrl = sqs.createQueue(r -> r.queueName("operator-inbox")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(alertQueueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(Map.of("RawMessageDelivery", "true")));

        Map<String, String> environment = new HashMap<>(estate.completionEnvironment());
        environment.put("ALERT_TOPIC_ARN", topicArn);
        completionHandler = new CopyCompletionHandler(environment);
        ledger = new DynamoDbLedger(emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY),
                environment.get("LEDGER_TABLE"), Clock.systemUTC());
    }

    @Test
    void copyFinishedEventFreesTheSlotAndRecordsTheCopyAsCompleted() {
        // GIVEN an RDS snapshot copy in flight, holding a slot
        String snapshot = copiedDbSnapshot("orders-db-nightly");
        assertThat(slots()).hasSize(1);

        // WHEN RDS-EVENT-0060 (copy finished) for it arrives on the completion queue
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> complete(copyEvent(FINISHED, snapshot)));

        // THEN the slot is free, the copy is recorded as completed, and nobody is alerted
        assertThat(result.value().getBatchItemFailures()).isEmpty();
        assertThat(result.output()).contains("CopiesCompleted");
        assertThat(slots()).isEmpty();
        assertThat(ledger.recall(CopySlots.copyKey(ResourceTypes.RDS_SNAPSHOT, Emulator.RECOVERY.id(), target(snapshot))))
                .get().extracting(reference -> reference.get(CopySlots.STATE)).isEqualTo("COMPLETED");
        assertThat(alerts()).isEmpty();
    }

    @Test
    void copyCanceledEventFreesTheSlotReopensTheSourceAndAlerts() {
        // GIVEN an RDS snapshot copy in flight, holding a slot
        String snapshot = copiedDbSnapshot("orders-db-weekly");

        // WHEN RDS-EVENT-0061 (copy canceled) for it arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> complete(copyEvent(CANCELED, snapshot)));

        // THEN the slot is free and the operator is told what failed, why and what to do
        assertThat(result.value().getBatchItemFailures()).isEmpty();
        assertThat(result.output()).contains("CopiesFailed");
        assertThat(slots()).isEmpty();
        assertThat(alerts()).singleElement().extracting(Message::body).asString()
                .contains("The copy " + target(snapshot) + " (rds-snapshot) of " + snapshot + " from us-east-1 failed: "
                        + "Canceled snapshot copy request of " + snapshot + " from region us-east-1")
                .contains("redrive the copy request");

        // AND the source is open again: the request, redriven, starts a copy again (the canceled one is gone on AWS)
        recovery.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(target(snapshot)));
        assertThat(copy(manualEvent(snapshot)).getBatchItemFailures()).isEmpty();
        assertThat(recovery.describeDBSnapshots(r -> r.dbSnapshotIdentifier(target(snapshot))).dbSnapshots()).hasSize(1);
        assertThat(slots()).hasSize(1);
    }

    @Test
    void canceledEventDeliveredTwiceAlertsOnce() {
        // GIVEN a canceled copy whose event is delivered twice
        String snapshot = copiedDbSnapshot("orders-db-hourly");

        // WHEN both deliveries are handled
        SQSBatchResponse first = complete(copyEvent(CANCELED, snapshot));
        SQSBatchResponse second = complete(copyEvent(CANCELED, snapshot));

        // THEN neither fails, and the operator hears of it once
        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(alerts()).hasSize(1);
    }

    @Test
    void copyEventForACopyLifeboatDidNotStartIsIgnored() {
        // GIVEN a copy Lifeboat holds a slot for, and a finished event about someone else's copy
        copiedDbSnapshot("orders-db-nightly");

        // WHEN the sample event, naming a copy Lifeboat never started, arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> complete(
                PrimaryEstate.eventInEmulatorAccount(FINISHED, Map.of())));

        // THEN it is not an error, and Lifeboat's slot stays taken
        assertThat(result.value().getBatchItemFailures()).isEmpty();
        assertThat(result.output()).contains("is not a copy Lifeboat started");
        assertThat(slots()).hasSize(1);
        assertThat(alerts()).isEmpty();
    }

    /** A protected DB snapshot in the primary region, copied to the recovery region by the copy function. */
    private String copiedDbSnapshot(String snapshot) {
        if (primary.describeDBInstances().dbInstances().isEmpty()) {
            primary.createDBInstance(r -> r.dbInstanceIdentifier("orders-db").engine("postgres").dbInstanceClass("db.t3.micro")
                    .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20).storageEncrypted(true)
                    .tags(Tag.builder().key("lifeboat:policy").value("default").build()));
        }
        primary.createDBSnapshot(r -> r.dbInstanceIdentifier("orders-db").dbSnapshotIdentifier(snapshot));
        assertThat(copy(manualEvent(snapshot)).getBatchItemFailures()).isEmpty();
        return snapshot;
    }

    private static String copyEvent(String file, String snapshot) {
        return PrimaryEstate.eventInEmulatorAccount(file, Map.of(SAMPLE_COPY, target(snapshot), SAMPLE_SOURCE, snapshot));
    }

    private static String manualEvent(String snapshot) {
        return PrimaryEstate.eventInEmulatorAccount("rds-db-snapshot-created-manual.json", Map.of("orders-db-before-upgrade", snapshot));
    }

    private static String target(String snapshot) {
        return RdsSnapshotCopyService.targetIdentifier(Emulator.PRIMARY, snapshot);
    }

    private Set<String> slots() {
        return ledger.slots(CopySlots.pool(ResourceTypes.RDS_SNAPSHOT, Emulator.RECOVERY.id())).keySet();
    }

    private List<Message> alerts() {
        return sqs.receiveMessage(r -> r.queueUrl(alertQueueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
    }

    private SQSBatchResponse copy(String event) {
        return copyHandler.handleRequest(PrimaryEstate.sqsEvent(event), LambdaTestContext.forFunction("lifeboat-copy-snapshot"));
    }

    private SQSBatchResponse complete(String event) {
        return completionHandler.handleRequest(PrimaryEstate.sqsEvent(event), LambdaTestContext.forFunction("lifeboat-copy-completion"));
    }
}
