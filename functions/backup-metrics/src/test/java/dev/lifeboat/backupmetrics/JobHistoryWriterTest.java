package dev.lifeboat.backupmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.LambdaTestContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Every finished job goes to the job history table the health report reads, once per job, in the layout both sides pin. */
@ExtendWith(MotoExtension.class)
class JobHistoryWriterTest {

    private static final String HISTORY = "lifeboat-JobHistoryTable";

    private MetricsEstate estate;
    private DynamoDbClient dynamoDb;
    private BackupMetricsHandler handler;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new MetricsEstate(emulator);
        dynamoDb = emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY);
        dynamoDb.createTable(r -> r.tableName(HISTORY).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        handler = new BackupMetricsHandler(withHistory(HISTORY));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "backup-job-completed.json                      | backup  | COMPLETED | false",
            "backup-job-failed.json                         | backup  | FAILED    | true",
            "backup-job-aborted.json                        | backup  | ABORTED   | true",
            "backup-job-expired.json                        | backup  | EXPIRED   | true",
            "backup-copy-job-completed.json                 | copy    | COMPLETED | false",
            "ebs-copy-snapshot-failed.json                  | copy    | failed    | true",
            "rds-db-snapshot-copy-canceled.json             | copy    | RDS-EVENT-0061 | true",
            "stepfunctions-restore-execution-timed-out.json | restore | TIMED_OUT | true"})
    void recordsEveryFinishedJobWithItsOutcome(String event, String jobType, String state, boolean failed) {
        handler.handleRequest(MetricsEstate.event(event), LambdaTestContext.forFunction("backup-metrics"));

        assertThat(history()).singleElement().satisfies(item -> {
            assertThat(item.get("jobType").s()).isEqualTo(jobType);
            assertThat(item.get("state").s()).isEqualToIgnoringCase(state);
            assertThat(item.get("failed").bool()).isEqualTo(failed);
            assertThat(item.get("sk").s()).startsWith(jobType + "#").endsWith("#" + item.get("jobId").s());
        });
    }

    @Test
    void aDuplicateDeliveryIsTheSameItem() {
        Map<String, Object> event = MetricsEstate.event("backup-job-failed.json");

        handler.handleRequest(event, LambdaTestContext.forFunction("backup-metrics"));
        List<Map<String, AttributeValue>> once = history();
        handler.handleRequest(event, LambdaTestContext.forFunction("backup-metrics"));

        assertThat(history()).hasSize(1).isEqualTo(once);
    }

    @Test
    void aSecondEventAboutTheSameJobsEndRewritesItsItem() {
        Map<String, Object> first = MetricsEstate.event("backup-job-failed.json");
        Map<String, Object> again = MetricsEstate.event("backup-job-failed.json");
        again.put("id", "another-event-about-the-same-job");

        handler.handleRequest(first, LambdaTestContext.forFunction("backup-metrics"));
        handler.handleRequest(again, LambdaTestContext.forFunction("backup-metrics"));

        assertThat(history()).hasSize(1);
    }

    /** The layout the health report's DynamoDbJobHistory reads; its round-trip test writes exactly this. */
    @Test
    void writesTheItemLayoutTheHealthReportReads() {
        handler.handleRequest(MetricsEstate.event("backup-job-failed.json"), LambdaTestContext.forFunction("backup-metrics"));

        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put("pk", AttributeValue.fromS("day#2025-03-10"));
        expected.put("sk", AttributeValue.fromS("backup#us-east-1#34176239-e96d-4e1d-9fad-529dbb3c3556"));
        expected.put("finishedAt", AttributeValue.fromS("2025-03-10T02:15:26Z"));
        expected.put("region", AttributeValue.fromS("us-east-1"));
        expected.put("jobType", AttributeValue.fromS("backup"));
        expected.put("jobId", AttributeValue.fromS("34176239-e96d-4e1d-9fad-529dbb3c3556"));
        expected.put("state", AttributeValue.fromS("FAILED"));
        expected.put("failed", AttributeValue.fromBool(true));
        expected.put("resourceType", AttributeValue.fromS("EBS"));
        expected.put("resource", AttributeValue.fromS("arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d4e5f60001"));
        expected.put("failure", AttributeValue.fromS("AWS Backup job failed"));
        expected.put("reason", AttributeValue.fromS(REASON));
        expected.put("expiresAt", AttributeValue.fromN(Long.toString(java.time.Instant.parse("2025-03-10T02:15:26Z").plus(
                java.time.Duration.ofDays(400)).getEpochSecond())));
        assertThat(history()).singleElement().isEqualTo(expected);
    }

    @Test
    void aJobStillRunningIsNotRecorded() {
        Map<String, Object> running = MetricsEstate.asMap(MetricsEstate.text("backup-job-completed.json").replace("\"COMPLETED\"", "\"RUNNING\""));

        handler.handleRequest(running, LambdaTestContext.forFunction("backup-metrics"));

        assertThat(history()).isEmpty();
    }

    @Test
    void withoutAJobHistoryTableNothingIsWrittenAndTheJobIsStillCounted() {
        BackupMetricsHandler withoutHistory = new BackupMetricsHandler(estate.functionEnvironment(Emulator.PRIMARY));

        Map<String, Object> result = withoutHistory.handleRequest(MetricsEstate.event("backup-job-failed.json"),
                LambdaTestContext.forFunction("backup-metrics"));

        assertThat(result).containsEntry("metrics", 2);
        assertThat(history()).isEmpty();
    }

    @Test
    void aHistoryThatCannotBeWrittenFailsTheInvocationSoTheEventIsRetriedAndTheRetryIsNotCountedTwice() {
        BackupMetricsHandler broken = new BackupMetricsHandler(withHistory("no-such-table"));
        Map<String, Object> event = MetricsEstate.event("backup-job-failed.json");

        assertThatThrownBy(() -> broken.handleRequest(event, LambdaTestContext.forFunction("backup-metrics")))
                .hasMessageContaining("no-such-table");
        Map<String, Object> retry = handler.handleRequest(event, LambdaTestContext.forFunction("backup-metrics"));

        assertThat(retry).containsEntry("metrics", 0);
        assertThat(history()).hasSize(1);
    }

    private Map<String, String> withHistory(String table) {
        Map<String, String> environment = new HashMap<>(estate.functionEnvironment(Emulator.PRIMARY));
        environment.put("JOB_HISTORY_TABLE", table);
        return environment;
    }

    private List<Map<String, AttributeValue>> history() {
        return dynamoDb.scan(r -> r.tableName(HISTORY)).items();
    }

    /** The event's statusMessage, without the quotes AWS Backup puts around it. */
    private static final String REASON = "Backup job failed because backup vault arn:aws:backup:us-east-1:111122223333:backup-vault:lifeboat-primary"
            + " does not exist.";
}
