package dev.lifeboat.copysnapshot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * AWS Backup recovery points, copied with {@code StartCopyJob}: moto has no AWS Backup copy jobs, so
 * AWS Backup and the Resource Groups Tagging API are WireMock stubs answering with the services'
 * documented JSON, while the ledger and policies stay on moto.
 */
@ExtendWith(MotoExtension.class)
class BackupCopyAgainstWireMockBackupStubTest {

    private static final String RECOVERY_POINT = "arn:aws:ec2:us-east-1::snapshot/snap-0b1c2d3e4f5a60001";
    private static final String VOLUME = "arn:aws:ec2:us-east-1:" + Emulator.ACCOUNT + ":volume/vol-0a1b2c3d4e5f60001";
    private static final String RECOVERY_VAULT = "arn:aws:backup:us-west-2:" + Emulator.ACCOUNT + ":backup-vault:lifeboat-recovery";
    private static final String COPY_JOB_ID = "0175DE71-5784-589F-D8AC-541ACCB4CAC8";

    private final WireMockServer aws = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private PrimaryEstate estate;
    private Map<String, String> environment;

    @BeforeEach
    void setUp(Emulator emulator) {
        aws.start();
        estate = new PrimaryEstate(emulator);
        environment = new HashMap<>(estate.functionEnvironment());
        environment.put("AWS_ENDPOINT_URL_BACKUP", aws.baseUrl());
        environment.put("AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API", aws.baseUrl());
        // the backed-up volume carries the policy tag (Resource Groups Tagging API, GetResources)
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("ResourceGroupsTaggingAPI_20170126.GetResources"))
                .willReturn(json(200, """
                        {"PaginationToken": "", "ResourceTagMappingList": [{"ResourceARN": "%s",
                          "Tags": [{"Key": "lifeboat:policy", "Value": "gold"}, {"Key": "team", "Value": "orders"}]}]}""".formatted(VOLUME))));
        // StartCopyJob, as documented: CopyJobId, CreationDate (epoch seconds), IsParent
        aws.stubFor(put(urlEqualTo("/copy-jobs")).willReturn(json(200, """
                {"CopyJobId": "%s", "CreationDate": 1.741573587234E9, "IsParent": false}""".formatted(COPY_JOB_ID))));
        estate.putPolicyDocument("""
                {"policies": {"gold": {"backupLifecycle": {"moveToColdStorageAfterDays": 30, "deleteAfterDays": 365}}}}""");
    }

    @AfterEach
    void tearDown() {
        aws.stop();
    }

    @Test
    void completedBackupJobStartsOneCopyJobToTheRecoveryVaultWithIdempotencyTokenAndThePolicysLifecycle() throws Exception {
        // GIVEN a completed backup job of a volume tagged with the gold policy, delivered twice
        String event = PrimaryEstate.eventInEmulatorAccount("backup-job-completed.json", Map.of());

        // WHEN both deliveries are handled
        SQSBatchResponse first = handle(event).value();
        CapturedStdout.Result<SQSBatchResponse> second = handle(event);

        // THEN one StartCopyJob was sent, to the recovery vault, with a stable token and the policy's lifecycle
        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.value().getBatchItemFailures()).isEmpty();
        assertThat(second.output()).contains("is already copied to " + RECOVERY_VAULT + " as " + COPY_JOB_ID);
        List<LoggedRequest> starts = aws.findAll(putRequestedFor(urlEqualTo("/copy-jobs")));
        assertThat(starts).singleElement().satisfies(request -> {
            assertThat(request.getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256").contains("/us-east-1/backup/aws4_request");
            assertThat(Json.MAPPER.readTree(request.getBodyAsString())).isEqualTo(Json.MAPPER.readTree("""
                    {"RecoveryPointArn": "%s", "SourceBackupVaultName": "lifeboat-primary",
                     "DestinationBackupVaultArn": "%s",
                     "IamRoleArn": "%s",
                     "IdempotencyToken": "%s",
                     "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365}}""".formatted(RECOVERY_POINT, RECOVERY_VAULT,
                    estate.functionEnvironment().get("BACKUP_COPY_ROLE_ARN"),
                    BackupCopyService.idempotencyToken(RECOVERY_POINT, RECOVERY_VAULT))));
        });
    }

    @Test
    void copyJobStateChangeCompletedFreesTheSlotOfTheCopyJob() {
        // GIVEN a copy job Lifeboat started
        handle(PrimaryEstate.eventInEmulatorAccount("backup-job-completed.json", Map.of()));
        CopySlots slots = new CopySlots(new dev.lifeboat.shared.ledger.DynamoDbLedger(estate.emulator.client(
                software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), Emulator.PRIMARY),
                environment.get("LEDGER_TABLE"), java.time.Clock.systemUTC()), new CopyCaps(Map.of(ResourceTypes.BACKUP_RECOVERY_POINT, 1)));
        assertThat(slots.hasRoom(ResourceTypes.BACKUP_RECOVERY_POINT, "us-west-2")).isFalse();

        // WHEN its Copy Job State Change COMPLETED arrives (in the source region, where the job runs)
        Map<String, String> completionEnvironment = new HashMap<>(environment);
        completionEnvironment.put("LEDGER_REGION", "us-east-1");
        SQSBatchResponse settled = new CopyCompletionHandler(completionEnvironment).handleRequest(PrimaryEstate.sqsEvent(
                PrimaryEstate.eventInEmulatorAccount("backup-copy-job-completed.json", Map.of())),
                LambdaTestContext.forFunction("lifeboat-copy-completion"));

        // THEN the slot is free again
        assertThat(settled.getBatchItemFailures()).isEmpty();
        assertThat(slots.hasRoom(ResourceTypes.BACKUP_RECOVERY_POINT, "us-west-2")).isTrue();
    }

    @Test
    void recoveryPointWhoseBackupPlanAlreadyCopiesToTheRecoveryVaultIsLeftToThePlan() throws Exception {
        // GIVEN a backup plan whose rule copies to the recovery vault (GetBackupPlan, as documented)
        aws.stubFor(get(urlPathEqualTo("/backup/plans/bde0f455-4e24-4668-aeaa-4932a97f5cc5/")).willReturn(json(200, """
                {"BackupPlanId": "bde0f455-4e24-4668-aeaa-4932a97f5cc5", "VersionId": "YTkzNmM0MmUtMWRhNS00Y2RkLThmZGUtNjA5NTc4NGM1YTc5",
                 "BackupPlan": {"BackupPlanName": "lifeboat-plan", "Rules": [{"RuleName": "lifeboat-daily",
                   "RuleId": "1f97bafa-14d6-4f39-94fd-94b51bd6d0d5", "TargetBackupVaultName": "lifeboat-primary",
                   "ScheduleExpression": "cron(0 2 * * ? *)",
                   "CopyActions": [{"DestinationBackupVaultArn": "%s", "Lifecycle": {"DeleteAfterDays": 365}}]}]}}""".formatted(RECOVERY_VAULT))));
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                PrimaryEstate.eventInEmulatorAccount("backup-job-completed.json", Map.of()));
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("detail")).putObject("createdBy")
                .put("backupPlanId", "bde0f455-4e24-4668-aeaa-4932a97f5cc5")
                .put("backupPlanVersion", "YTkzNmM0MmUtMWRhNS00Y2RkLThmZGUtNjA5NTc4NGM1YTc5")
                .put("backupPlanRuleId", "1f97bafa-14d6-4f39-94fd-94b51bd6d0d5");

        // WHEN its completed backup job arrives
        CapturedStdout.Result<SQSBatchResponse> result = handle(event.toString());

        // THEN Lifeboat starts no copy of its own
        assertThat(result.value().getBatchItemFailures()).isEmpty();
        assertThat(aws.findAll(putRequestedFor(urlEqualTo("/copy-jobs")))).isEmpty();
        assertThat(result.output()).contains("already copies it to " + RECOVERY_VAULT);
    }

    @Test
    void throttledStartCopyJobIsRetriedWithBackoffThenFailsTheRecordAsRetryable() {
        // GIVEN AWS Backup throttles every StartCopyJob
        aws.stubFor(put(urlEqualTo("/copy-jobs")).willReturn(json(400, """
                {"__type": "ThrottlingException", "message": "Rate exceeded"}""")
                .withHeader("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.backup/")));

        // WHEN the event is handled
        CapturedStdout.Result<SQSBatchResponse> result = handle(PrimaryEstate.eventInEmulatorAccount("backup-job-completed.json", Map.of()));

        // THEN it was tried several times, and the record goes back to the queue to be tried again
        assertThat(aws.findAll(putRequestedFor(urlEqualTo("/copy-jobs"))).size()).isGreaterThan(1);
        assertThat(result.value().getBatchItemFailures()).hasSize(1);
        assertThat(result.output()).contains("will retry", "ThrottlingException");
    }

    private CapturedStdout.Result<SQSBatchResponse> handle(String event) {
        CopySnapshotHandler handler = new CopySnapshotHandler(environment);
        return CapturedStdout.capture(() -> handler.handleRequest(PrimaryEstate.sqsEvent(event),
                LambdaTestContext.forFunction("lifeboat-copy-snapshot")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
