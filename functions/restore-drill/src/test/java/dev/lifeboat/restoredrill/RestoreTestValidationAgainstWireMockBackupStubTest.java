package dev.lifeboat.restoredrill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.frontdoor.FrontDoor;
import dev.lifeboat.local.frontdoor.FrontDoorExtension;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.Emf;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS Backup restore testing: a completed restore test job is validated by the restore workflow's
 * validation function (invoked through the front door, which runs its real handler) and the
 * result reported with {@code PutRestoreValidationResult}. Moto has no AWS Backup: the front door
 * sends every request signed for AWS Backup to a WireMock stub answering {@code DescribeRestoreJob}
 * and {@code PutRestoreValidationResult} as AWS documents them; the drill table and alert topic are moto's.
 */
@ExtendWith(FrontDoorExtension.class)
class RestoreTestValidationAgainstWireMockBackupStubTest {

    private static final String EVENT = DrillEstate.resource("events/backup-restore-testing-job-completed.json");
    private static final String JOB = "7D3E1C2B-5A4F-4E6D-9C8B-0A1B2C3D4E5F";
    private static final String RECOVERY_POINT = "arn:aws:ec2:us-west-2::snapshot/snap-0a1b2c3d4e5f60009";
    private static final String CREATED = "arn:aws:ec2:us-west-2:111122223333:volume/vol-0fedcba9876543210";

    private final WireMockServer backup = new WireMockServer(wireMockConfig().dynamicPort());
    private Emulator emulator;
    private RestoreDrillHandler handler;
    private SqsClient sqs;
    private String alertQueue;

    @BeforeEach
    void setUp(Emulator emulator, FrontDoor door) {
        this.emulator = emulator;
        backup.start();
        door.route("backup", URI.create(backup.baseUrl()));
        backup.stubFor(put(urlPathEqualTo("/restore-jobs/" + JOB + "/validations")).willReturn(aResponse().withStatus(204)));
        DrillEstate.createDrillTable(emulator.client(DynamoDbClient.builder(), Emulator.RECOVERY));
        SnsClient sns = emulator.client(SnsClient.builder(), Emulator.RECOVERY);
        String topic = sns.createTopic(r -> r.name("lifeboat-alerts")).topicArn();
        sqs = emulator.client(SqsClient.builder(), Emulator.RECOVERY);
        alertQueue = sqs.createQueue(r -> r.queueName("alerts")).queueUrl();
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint("arn:aws:sqs:us-west-2:" + Emulator.ACCOUNT + ":alerts")
                .attributes(Map.of("RawMessageDelivery", "true")));
        Map<String, String> environment = new HashMap<>(emulator.environment(Map.of()));
        environment.put("AWS_REGION", "us-west-2");
        environment.put("RESTORE_VALIDATE_FUNCTION_ARN", new LocalNames(DrillEstate.TEMPLATE, StackRole.RECOVERY, Map.of(),
                emulator.environment(Map.of())).arn("RestoreValidateFunction"));
        environment.put("RESTORE_STATE_MACHINE_ARN", "arn:aws:states:us-west-2:" + Emulator.ACCOUNT + ":stateMachine:lifeboat-restore");
        environment.put("DRILL_TABLE", DrillEstate.DRILL_TABLE);
        environment.put("ALERT_TOPIC_ARN", topic);
        handler = new RestoreDrillHandler(environment);
    }

    @AfterEach
    void stop() {
        backup.stop();
    }

    @Test
    void completedRestoreTestIsValidatedAndReportedSuccessfulToAwsBackup() {
        // GIVEN AWS Backup describes the restore test job as completed, from the recovery point, with the volume it created
        restoreJob(RECOVERY_POINT, "COMPLETED");

        // WHEN the job's completion event arrives
        CapturedStdout.Result<Map<String, Object>> result = DrillEstate.invoke(handler, EVENT);

        // THEN AWS Backup hears SUCCESSFUL, in a request signed for AWS Backup in the recovery region
        backup.verify(1, putRequestedFor(urlPathEqualTo("/restore-jobs/" + JOB + "/validations"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", containing("/us-west-2/backup/aws4_request"))
                .withRequestBody(matchingJsonPath("$.ValidationStatus", equalTo("SUCCESSFUL")))
                .withRequestBody(matchingJsonPath("$.ValidationStatusMessage", containing("available"))));
        // AND the test is recorded as a drill of the source, timed as the restore job ran
        Map<String, AttributeValue> record = record("restore-test-" + JOB);
        assertThat(record.get("outcome").s()).isEqualTo("SUCCEEDED");
        assertThat(record.get("source").s()).isEqualTo("arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d4e5f60001");
        assertThat(record.get("policy").s()).startsWith("aws-backup-restore-testing:lifeboat_weekly");
        assertThat(Double.parseDouble(record.get("restoreSeconds").n())).isEqualTo(571.693);
        assertThat(Emf.metrics(result.output())).filteredOn(m -> m.name().equals("DrillSucceeded")).singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo(1.0));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void restoreTestThatRestoredAnotherRecoveryPointIsReportedFailedAndAlerted() {
        // GIVEN the job says it restored a different recovery point than the event names
        restoreJob("arn:aws:ec2:us-west-2::snapshot/snap-0ffffffffffffffff", "COMPLETED");

        // WHEN the job's completion event arrives
        CapturedStdout.Result<Map<String, Object>> result = DrillEstate.invoke(handler, EVENT);

        // THEN AWS Backup hears FAILED with the reason, the drill is recorded failed, and people are alerted
        backup.verify(1, putRequestedFor(urlPathEqualTo("/restore-jobs/" + JOB + "/validations"))
                .withRequestBody(matchingJsonPath("$.ValidationStatus", equalTo("FAILED")))
                .withRequestBody(matchingJsonPath("$.ValidationStatusMessage", containing("snap-0ffffffffffffffff"))));
        assertThat(record("restore-test-" + JOB).get("outcome").s()).isEqualTo("FAILED");
        assertThat(alerts()).singleElement().asString().contains("lifeboat_weekly", JOB, "validation failed");
        assertThat(Emf.metrics(result.output())).filteredOn(m -> m.name().equals("DrillSucceeded")).singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo(0.0));
    }

    @Test
    void aRepeatedCompletionEventIsReportedOnce() {
        restoreJob(RECOVERY_POINT, "COMPLETED");

        DrillEstate.invoke(handler, EVENT);
        Map<String, Object> again = DrillEstate.invoke(handler, EVENT).value();

        backup.verify(1, putRequestedFor(urlPathEqualTo("/restore-jobs/" + JOB + "/validations")));
        assertThat(again).containsEntry("duplicate", true);
    }

    @Test
    void aRefusedReportIsThrownForARetryAndRecordsNothing() {
        // GIVEN AWS Backup refuses the validation result
        restoreJob(RECOVERY_POINT, "COMPLETED");
        backup.stubFor(put(urlPathEqualTo("/restore-jobs/" + JOB + "/validations")).willReturn(aResponse().withStatus(400)
                .withHeader("x-amzn-ErrorType", "InvalidRequestException:http://internal.amazon.com/coral/com.amazonaws.backup/")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"Message\": \"The restore job is not in a state to be validated\"}")));

        // WHEN the event arrives, THEN the error names AWS Backup's code, and no record stops the retry from reporting
        assertThatThrownBy(() -> DrillEstate.invoke(handler, EVENT)).hasMessageContaining("backup answered 400 InvalidRequestException");
        assertThat(record("restore-test-" + JOB)).isEmpty();
    }

    /** DescribeRestoreJob's documented answer. */
    private void restoreJob(String recoveryPointArn, String status) {
        backup.stubFor(get(urlPathEqualTo("/restore-jobs/" + JOB)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"AccountId": "111122223333", "RestoreJobId": "%s", "RecoveryPointArn": "%s", "CreatedResourceArn": "%s",
                         "CreationDate": 1741669923.511, "CompletionDate": 1741670495.204, "Status": "%s", "StatusMessage": "",
                         "PercentDone": "100.00%%", "BackupSizeInBytes": 8589934592, "ResourceType": "EBS",
                         "IamRoleArn": "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole",
                         "RestoreTestingPlanArn": "arn:aws:backup:us-west-2:111122223333:restore-testing-plan:lifeboat_weekly-8d1a2b3c"}"""
                        .formatted(JOB, recoveryPointArn, CREATED, status))));
    }

    private Map<String, AttributeValue> record(String drillId) {
        return emulator.client(DynamoDbClient.builder(), Emulator.RECOVERY).getItem(r -> r.tableName(DrillEstate.DRILL_TABLE)
                .key(Map.of("drillId", AttributeValue.fromS(drillId))).consistentRead(true)).item();
    }

    private List<String> alerts() {
        List<String> messages = new ArrayList<>();
        sqs.receiveMessage(r -> r.queueUrl(alertQueue).maxNumberOfMessages(10).waitTimeSeconds(0)).messages()
                .forEach(message -> messages.add(message.body()));
        return messages;
    }
}
