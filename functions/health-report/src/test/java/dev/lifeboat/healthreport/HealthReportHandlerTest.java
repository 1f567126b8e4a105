package dev.lifeboat.healthreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.rpomonitor.RpoAlerting;
import dev.lifeboat.rpomonitor.RpoEvaluation;
import dev.lifeboat.rpomonitor.RpoMonitorService;
import dev.lifeboat.rpomonitor.SnapshotCopies;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.event.InvalidEventException;
import dev.lifeboat.shared.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

@ExtendWith(MotoExtension.class)
class HealthReportHandlerTest {

    private static final Instant NOW = Instant.parse("2025-03-10T06:00:00Z");
    private static final String ORDERS_DB = "arn:aws:rds:us-east-1:123456789012:db:orders";
    private static final String DATA_VOLUME = "arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b2c3d4e5f60001";
    private static final String LOGS_VOLUME = "arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b2c3d4e5f60002";

    private ReportEstate estate;
    private HealthReportHandler handler;

    @BeforeEach
    void estate(Emulator emulator) {
        estate = new ReportEstate(emulator);
        Map<String, String> environment = estate.functionEnvironment();
        handler = new HealthReportHandler(HealthReportHandler.service(environment, new AwsClientFactory(environment),
                Clock.fixed(NOW, ZoneOffset.UTC)), 7);
    }

    @Test
    void writesTheThreeFilesDatedAndAsLatestEncryptedWithTheRecoveryKey() {
        // GIVEN one fresh EBS copy and one RDS copy older than the 24 h RPO
        estate.ebsCopy(DATA_VOLUME, 100, NOW.minus(Duration.ofHours(2)));
        estate.rdsCopy(ORDERS_DB, "orders", 20, NOW.minus(Duration.ofHours(30)));

        // WHEN the report runs
        Map<String, Object> result = handler.handleRequest(Map.of(), LambdaTestContext.forFunction("health-report"));

        // THEN the dated files and the latest ones are in the bucket, each SSE-KMS under the recovery key
        assertThat(result.get("keys")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly(
                "reports/2025/2025-03-10/health.json", "reports/2025/2025-03-10/health.md", "reports/2025/2025-03-10/health.html",
                "reports/latest.json", "reports/latest.md", "reports/latest.html");
        for (Object key : (List<?>) result.get("keys")) {
            HeadObjectResponse head = estate.s3.headObject(r -> r.bucket(ReportEstate.BUCKET).key((String) key));
            assertThat(head.serverSideEncryption()).as("encryption of %s", key).isEqualTo(ServerSideEncryption.AWS_KMS);
            assertThat(head.ssekmsKeyId()).as("key of %s", key).contains(estate.keyId);
        }
        assertThat(estate.s3.headObject(r -> r.bucket(ReportEstate.BUCKET).key("reports/latest.html")).contentType()).startsWith("text/html");
        assertThat(result).containsEntry("resources", 2).containsEntry("breaches", 1L).containsEntry("failures", 0);
        // 100 GB EBS standard at $0.05 + 20 GB RDS at $0.095
        assertThat(result).containsEntry("estimatedMonthlyCostUsd", 6.9);
    }

    @Test
    void theJsonReportHasEachResourcesAgeAgainstItsRpo() throws Exception {
        estate.ebsCopy(DATA_VOLUME, 100, NOW.minus(Duration.ofHours(2)));
        estate.ebsCopy(DATA_VOLUME, 100, NOW.minus(Duration.ofHours(26)));
        estate.rdsCopy(ORDERS_DB, "orders", 20, NOW.minus(Duration.ofHours(30)));

        handler.handleRequest(Map.of("periodDays", 7), LambdaTestContext.forFunction("health-report"));

        JsonNode json = Json.MAPPER.readTree(estate.s3.getObjectAsBytes(r -> r.bucket(ReportEstate.BUCKET).key("reports/latest.json")).asUtf8String());
        assertThat(json.at("/resources").size()).isEqualTo(2);
        JsonNode volume = json.at("/resources/0");
        assertThat(volume.path("source").asText()).isEqualTo(DATA_VOLUME);
        assertThat(volume.path("copies").asInt()).isEqualTo(2);
        assertThat(volume.path("ageHours").asDouble()).isEqualTo(2.0);
        assertThat(volume.path("status").asText()).isEqualTo("COMPLIANT");
        assertThat(volume.at("/storageGb/EBS_STANDARD").asDouble()).isEqualTo(200.0);
        JsonNode db = json.at("/resources/1");
        assertThat(db.path("source").asText()).isEqualTo(ORDERS_DB);
        assertThat(db.path("status").asText()).isEqualTo("BREACH");
        assertThat(db.at("/storageGb/RDS_SNAPSHOT").asDouble()).isEqualTo(20.0);
    }

    @Test
    void severalCopiesOfEachResourceOverSeveralDaysAreOneRowPerResourceWithTheRpoMonitorsStatus(Emulator emulator) throws Exception {
        // GIVEN three resources backed up on three days: nine copies, each naming its own source snapshot in lifeboat:source-arn
        for (int day = 0; day < 3; day++) {
            estate.ebsCopy(DATA_VOLUME, 100, NOW.minus(Duration.ofHours(2 + 24L * day)));
            estate.ebsCopy(LOGS_VOLUME, 10, NOW.minus(Duration.ofHours(30 + 24L * day)));
            estate.rdsCopy(ORDERS_DB, "orders", 20, NOW.minus(Duration.ofHours(3 + 24L * day)));
        }

        // WHEN the report runs
        Map<String, Object> result = handler.handleRequest(Map.of(), LambdaTestContext.forFunction("health-report"));

        // THEN one row per protected resource, not per source snapshot; only the volume whose newest copy is 30 h old is beyond RPO
        assertThat(result).containsEntry("resources", 3).containsEntry("breaches", 1L);
        JsonNode json = Json.MAPPER.readTree(estate.s3.getObjectAsBytes(r -> r.bucket(ReportEstate.BUCKET).key("reports/latest.json")).asUtf8String());
        Map<String, String> statuses = new java.util.TreeMap<>();
        json.path("resources").forEach(r -> statuses.put(r.path("source").asText(), r.path("status").asText()));
        assertThat(statuses).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                DATA_VOLUME, "COMPLIANT", LOGS_VOLUME, "BREACH", ORDERS_DB, "COMPLIANT")));
        json.path("resources").forEach(r -> assertThat(r.path("copies").asInt()).as("copies of %s", r.path("source").asText()).isEqualTo(3));
        JsonNode logs = json.at("/resources/1");
        assertThat(logs.path("source").asText()).isEqualTo(LOGS_VOLUME);
        assertThat(logs.path("ageHours").asDouble()).isEqualTo(30.0);
        assertThat(logs.path("problem").asText()).contains("over the RPO of 24 hours");

        // AND the RPO monitor itself, run on the same copies without alerting, sees the same resources with the same statuses
        RpoMonitorService monitor = new RpoMonitorService(new SnapshotCopies(estate.ec2, estate.rds), Optional.empty(), Optional.empty(),
                new RpoEvaluation(Reports.catalog(Duration.ofHours(24))), new RpoAlerting(null, null, null), Emulator.RECOVERY.id(),
                Clock.fixed(NOW, ZoneOffset.UTC)); // alerting is never touched when alert is false
        Map<String, String> monitored = new java.util.TreeMap<>();
        monitor.run(Emulator.ACCOUNT, false).resources().forEach(r -> monitored.put(r.sourceArn(), r.status().name()));
        assertThat(statuses).isEqualTo(monitored);
    }

    @Test
    void countsEachResourcesCopiesPerRetentionTierWithTheirSize() throws Exception {
        // GIVEN copies of one volume taken Monday 04:00, Sunday 04:00 and Saturday 04:00 (UTC, the default policy's zone)
        for (int day = 0; day < 3; day++) {
            estate.ebsCopy(DATA_VOLUME, 100, NOW.minus(Duration.ofHours(2 + 24L * day)));
        }

        handler.handleRequest(Map.of(), LambdaTestContext.forFunction("health-report"));

        // THEN the default policy (7 daily, 4 weekly, 12 monthly, 1 yearly) keeps all three daily, Monday and Sunday weekly (two ISO
        // weeks), Monday alone monthly and yearly; a copy counts in each tier keeping it
        JsonNode json = Json.MAPPER.readTree(estate.s3.getObjectAsBytes(r -> r.bucket(ReportEstate.BUCKET).key("reports/latest.json")).asUtf8String());
        JsonNode volume = json.at("/resources/0");
        assertThat(volume.path("copiesPerTier").toString()).isEqualTo("{\"daily\":3,\"weekly\":2,\"monthly\":1,\"yearly\":1}");
        assertThat(volume.at("/gbPerTier/daily").asDouble()).isEqualTo(300.0);
        assertThat(volume.at("/gbPerTier/weekly").asDouble()).isEqualTo(200.0);
        String markdown = estate.s3.getObjectAsBytes(r -> r.bucket(ReportEstate.BUCKET).key("reports/latest.md")).asUtf8String();
        assertThat(markdown).contains("3 copies (daily 3 / 300.0 GB, weekly 2 / 200.0 GB, monthly 1 / 100.0 GB, yearly 1 / 100.0 GB)");
    }

    @Test
    void readsFailuresAndDailyJobsOfThePeriodFromTheJobHistory() throws Exception {
        // GIVEN a success yesterday, a failure two days ago and one before the period
        estate.ebsCopy(DATA_VOLUME, 10, NOW.minus(Duration.ofHours(2)));
        JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "job-1", NOW.minus(Duration.ofDays(1)), false);
        JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "job-2", NOW.minus(Duration.ofDays(2)), true);
        JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "job-2", NOW.minus(Duration.ofDays(2)), true);
        JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "job-3", NOW.minus(Duration.ofDays(9)), true);

        Map<String, Object> result = handler.handleRequest(Map.of(), LambdaTestContext.forFunction("health-report"));

        assertThat(result).containsEntry("failures", 1);
        JsonNode json = Json.MAPPER.readTree(estate.s3.getObjectAsBytes(r -> r.bucket(ReportEstate.BUCKET).key("reports/latest.json")).asUtf8String());
        assertThat(json.at("/failures/0/failure").asText()).isEqualTo("AWS Backup job failed");
        assertThat(json.at("/failures/0/reason").asText()).isEqualTo("Access denied");
        assertThat(json.at("/resources/0/failuresInPeriod").asInt()).isEqualTo(1);
        assertThat(json.at("/jobsByDay/7/day").asText()).isEqualTo("2025-03-10");
        assertThat(json.at("/jobsByDay/6/succeeded").asInt()).isEqualTo(1);
        assertThat(json.at("/jobsByDay/5/failed").asInt()).isEqualTo(1);
    }

    @Test
    void sendsAShortSummaryWithTheLinkToTheAlertTopic() {
        estate.ebsCopy(DATA_VOLUME, 100, NOW.minus(Duration.ofHours(2)));
        estate.ebsCopy(LOGS_VOLUME, 10, NOW.minus(Duration.ofHours(50)));

        handler.handleRequest(Map.of(), LambdaTestContext.forFunction("health-report"));

        assertThat(estate.delivered()).singleElement().satisfies(message -> {
            assertThat(message.subject()).isEqualTo("[Lifeboat] Health report us-west-2: 1 of 2 resources beyond RPO, 0 failed jobs");
            assertThat(message.message()).contains("Protected resources: 2", "Beyond RPO or without a copy: 1 - " + LOGS_VOLUME + " (BREACH)",
                    "Estimated monthly storage cost: $5.50", "s3://" + ReportEstate.BUCKET + "/reports/2025/2025-03-10/health.html");
            assertThat(message.message().lines().count()).isLessThan(15);
        });
    }

    @Test
    void showsEachResourcesLastDrillFromTheDrillTable() {
        estate.rdsCopy(ORDERS_DB, "orders", 20, NOW.minus(Duration.ofHours(3)));
        estate.drill("drill-1", ORDERS_DB, "FAILED", NOW.minus(Duration.ofDays(8)), 100);
        estate.drill("drill-2", ORDERS_DB, "SUCCEEDED", NOW.minus(Duration.ofDays(1)), 5400);

        handler.handleRequest(Map.of(), LambdaTestContext.forFunction("health-report"));

        String html = estate.s3.getObjectAsBytes(r -> r.bucket(ReportEstate.BUCKET).key("reports/latest.html")).asUtf8String();
        assertThat(html).contains("<h2>Restore drills</h2>", "drill-2", "<td class=\"SUCCEEDED\">SUCCEEDED</td><td>1.5 h</td>")
                .doesNotContain("drill-1");
    }

    @Test
    void aResourceTheCopiesDoNotNameAsManagedIsNotReported() {
        String volume = estate.ec2.createVolume(r -> r.availabilityZone("us-west-2a").size(5)).volumeId();
        estate.ec2.createSnapshot(r -> r.volumeId(volume));

        Map<String, Object> result = handler.handleRequest(Map.of(), LambdaTestContext.forFunction("health-report"));

        assertThat(result).containsEntry("resources", 0);
    }

    @Test
    void aPeriodThatIsNotAWholeNumberOfDaysIsRejectedNamingTheField() {
        Map<String, Object> event = new HashMap<>();
        event.put("periodDays", "seven");

        assertThatThrownBy(() -> handler.handleRequest(event, LambdaTestContext.forFunction("health-report")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("periodDays").hasMessageContaining("seven");
        assertThatThrownBy(() -> handler.handleRequest(Map.of("periodDays", 0), LambdaTestContext.forFunction("health-report")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("periodDays");
        assertThatThrownBy(() -> handler.handleRequest(Map.of("periodDays", 2.5), LambdaTestContext.forFunction("health-report")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("periodDays");
        assertThat(estate.s3.listObjectsV2(r -> r.bucket(ReportEstate.BUCKET)).contents()).isEmpty();
    }

    @Test
    void aJobHistoryThatCannotBeReadIsNotedAndTheReportIsStillWritten(Emulator emulator) throws Exception {
        Map<String, String> environment = new HashMap<>(estate.functionEnvironment());
        environment.put("JOB_HISTORY_TABLE", "no-such-table");
        HealthReportHandler broken = new HealthReportHandler(HealthReportHandler.service(environment, new AwsClientFactory(environment),
                Clock.fixed(NOW, ZoneOffset.UTC)), 7);

        broken.handleRequest(Map.of(), LambdaTestContext.forFunction("health-report"));

        JsonNode json = Json.MAPPER.readTree(estate.s3.getObjectAsBytes(r -> r.bucket(ReportEstate.BUCKET).key("reports/latest.json")).asUtf8String());
        assertThat(json.at("/notes/0").asText()).contains("us-west-2 no-such-table").contains("could not be read");
    }

}
