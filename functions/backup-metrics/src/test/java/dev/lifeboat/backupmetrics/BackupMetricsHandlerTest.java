package dev.lifeboat.backupmetrics;

import dev.lifeboat.local.testing.Emf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The metrics function against moto: the EMF documents it prints, per event type, and what it records. */
@ExtendWith(MotoExtension.class)
class BackupMetricsHandlerTest {

    private MetricsEstate estate;
    private BackupMetricsHandler primary;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new MetricsEstate(emulator);
        primary = new BackupMetricsHandler(estate.functionEnvironment(Emulator.PRIMARY));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "backup-job-completed.json                      | JobsCompleted | backup  | EBS    | us-east-1",
            "backup-copy-job-completed.json                 | JobsCompleted | copy    | EBS    | us-east-1",
            "backup-restore-job-completed.json              | JobsCompleted | restore | RDS    | us-west-2",
            "ebs-create-snapshot-succeeded.json             | JobsCompleted | backup  | EBS    | us-east-1",
            "rds-db-snapshot-created-automated.json         | JobsCompleted | backup  | RDS    | us-east-1",
            "rds-db-cluster-snapshot-created-automated.json | JobsCompleted | backup  | Aurora | us-east-1",
            "rds-db-snapshot-copy-finished.json             | JobsCompleted | copy    | RDS    | us-west-2",
            "stepfunctions-restore-execution-succeeded.json | JobsCompleted | restore | RDS    | us-west-2",
            "backup-job-failed.json                         | JobsFailed    | backup  | EBS    | us-east-1",
            "backup-job-aborted.json                        | JobsFailed    | backup  | RDS    | us-east-1",
            "backup-job-expired.json                        | JobsFailed    | backup  | EFS    | us-east-1",
            "backup-copy-job-failed.json                    | JobsFailed    | copy    | EBS    | us-east-1",
            "backup-restore-job-failed.json                 | JobsFailed    | restore | EC2    | us-west-2",
            "ebs-create-snapshot-failed.json                | JobsFailed    | backup  | EBS    | us-east-1",
            "ebs-copy-snapshot-failed.json                  | JobsFailed    | copy    | EBS    | us-west-2",
            "rds-db-snapshot-copy-canceled.json             | JobsFailed    | copy    | RDS    | us-west-2",
            "stepfunctions-restore-execution-failed.json    | JobsFailed    | restore | RDS    | us-west-2",
            "stepfunctions-restore-execution-timed-out.json | JobsFailed    | restore | RDS    | us-west-2",
            "stepfunctions-restore-execution-aborted.json   | JobsFailed    | restore | RDS    | us-west-2",
    })
    void eachJobEventCountsOneJobByJobTypeResourceTypeAndRegionAndByRegion(String file, String metric, String jobType,
                                                                            String resourceType, String region) {
        // WHEN the metrics function handles a job event
        CapturedStdout.Result<Map<String, Object>> result = CapturedStdout.capture(
                () -> primary.handleRequest(MetricsEstate.event(file), LambdaTestContext.forFunction("backup-metrics")));

        // THEN the EMF says one job, once with its job type, resource type and region, once by region alone
        List<Emf.Metric> counts = Emf.metrics(result.output()).stream()
                .filter(m -> m.name().startsWith("Jobs")).toList();
        assertThat(counts).hasSize(2).allSatisfy(m -> {
            assertThat(m.namespace()).isEqualTo("Lifeboat");
            assertThat(m.name()).isEqualTo(metric);
            assertThat(m.value()).isEqualTo(1.0);
            assertThat(m.unit()).isEqualTo("Count");
        });
        assertThat(counts).extracting(Emf.Metric::dimensions).containsExactlyInAnyOrder(
                Map.of("JobType", jobType, "ResourceType", resourceType, "Region", region), Map.of("Region", region));
        assertThat(counts).extracting(Emf.Metric::dimensionSets)
                .containsExactlyInAnyOrder(List.of(List.of("JobType", "Region", "ResourceType")), List.of(List.of("Region")));
    }

    @Test
    void multiVolumeSnapshotCountsEachVolumeItsOwnWay() {
        // WHEN a multi-volume snapshot with one completed and one failed volume is handled
        CapturedStdout.Result<Map<String, Object>> result = CapturedStdout.capture(() -> primary.handleRequest(
                MetricsEstate.event("ebs-create-snapshots-failed.json"), LambdaTestContext.forFunction("backup-metrics")));

        // THEN one completed and one failed backup are counted
        List<Emf.Metric> byJob = Emf.metrics(result.output()).stream().filter(m -> m.dimensions().containsKey("JobType")).toList();
        assertThat(byJob).extracting(Emf.Metric::name).containsExactlyInAnyOrder("JobsCompleted", "JobsFailed");
    }

    @Test
    void awsBackupCopyLatencyRunsFromTheSourceRecoveryPointsCreationToTheCopysCompletion() {
        // GIVEN the backup job that made the recovery point
        primary.handleRequest(MetricsEstate.event("backup-job-completed.json"), LambdaTestContext.forFunction("backup-metrics"));

        // WHEN its copy job completes
        CapturedStdout.Result<Map<String, Object>> result = CapturedStdout.capture(() -> primary.handleRequest(
                MetricsEstate.event("backup-copy-job-completed.json"), LambdaTestContext.forFunction("backup-metrics")));

        // THEN the copy latency is 02:40:31.207 → 03:07:58.111, in seconds, by job
        assertThat(Emf.metrics(result.output())).filteredOn(m -> m.name().equals("CopyLatency")).singleElement().satisfies(m -> {
            assertThat(m.value()).isCloseTo(1646.904, within(0.001));
            assertThat(m.unit()).isEqualTo("Seconds");
            assertThat(m.dimensions()).isEqualTo(Map.of("JobType", "copy", "ResourceType", "EBS", "Region", "us-east-1"));
        });
    }

    @Test
    void ebsCopyLatencyComesFromTheCopysProvenanceTagInTheRecoveryRegion() {
        // GIVEN a Lifeboat copy in the recovery region, tagged with when its source was taken and from which volume
        Ec2Client recoveryEc2 = estate.emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        String volume = recoveryEc2.createVolume(r -> r.availabilityZone("us-west-2a").size(8)).volumeId();
        String copy = recoveryEc2.createSnapshot(r -> r.volumeId(volume).tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.SNAPSHOT).tags(
                        Tag.builder().key("lifeboat:created-at").value("2025-03-10T02:00:00Z").build(),
                        Tag.builder().key("lifeboat:source-resource").value("vol-0a1b2c3d4e5f60001").build()).build())).snapshotId();
        BackupMetricsHandler recovery = new BackupMetricsHandler(estate.functionEnvironment(Emulator.RECOVERY));
        String event = MetricsEstate.text("ebs-copy-snapshot-succeeded.json").replace("snap-0f9e8d7c6b5a40001", copy);

        // WHEN the copy's copySnapshot event is handled by the recovery stack's function
        CapturedStdout.Result<Map<String, Object>> result = CapturedStdout.capture(
                () -> recovery.handleRequest(MetricsEstate.asMap(event), LambdaTestContext.forFunction("backup-metrics")));

        // THEN the latency runs from the source's creation to the copy's endTime, and the volume's last copy is recorded
        String endTime = MetricsEstate.asMap(event).get("detail") instanceof Map<?, ?> detail ? String.valueOf(detail.get("endTime")) : "";
        double expected = Duration.between(Instant.parse("2025-03-10T02:00:00Z"), Instant.parse(endTime)).toMillis() / 1000.0;
        assertThat(Emf.metrics(result.output())).filteredOn(m -> m.name().equals("CopyLatency")).singleElement().satisfies(m -> {
            assertThat(m.value()).isEqualTo(expected);
            assertThat(m.unit()).isEqualTo("Seconds");
            assertThat(m.dimensions()).isEqualTo(Map.of("JobType", "copy", "ResourceType", "EBS", "Region", "us-west-2"));
        });
        assertThat(scanResources(Emulator.RECOVERY)).anySatisfy(item -> {
            assertThat(item.get("resource").s()).isEqualTo("vol-0a1b2c3d4e5f60001");
            assertThat(item).containsKey("lastCopyAt");
        });
    }

    @Test
    void restoreDurationComesFromTheWorkflowsStartAndStop() {
        // WHEN a restore execution that ran 1900 seconds succeeds, and an AWS Backup restore job completes
        CapturedStdout.Result<Map<String, Object>> workflow = CapturedStdout.capture(() -> primary.handleRequest(
                MetricsEstate.event("stepfunctions-restore-execution-succeeded.json"), LambdaTestContext.forFunction("backup-metrics")));
        CapturedStdout.Result<Map<String, Object>> job = CapturedStdout.capture(() -> primary.handleRequest(
                MetricsEstate.event("backup-restore-job-completed.json"), LambdaTestContext.forFunction("backup-metrics")));

        // THEN each reports its restore duration in seconds
        assertThat(Emf.metrics(workflow.output())).filteredOn(m -> m.name().equals("RestoreDuration")).singleElement().satisfies(m -> {
            assertThat(m.value()).isEqualTo(1900.0);
            assertThat(m.unit()).isEqualTo("Seconds");
            assertThat(m.dimensions()).isEqualTo(Map.of("JobType", "restore", "ResourceType", "RDS", "Region", "us-west-2"));
        });
        assertThat(Emf.metrics(job.output())).filteredOn(m -> m.name().equals("RestoreDuration")).singleElement()
                .satisfies(m -> assertThat(m.value()).isCloseTo(291.386, within(0.001)));
    }

    @Test
    void lastSuccessfulBackupIsRecordedPerResourceAndNeverMovesBack() {
        // GIVEN an AWS Backup backup of a volume at 02:41:05 recorded
        primary.handleRequest(MetricsEstate.event("backup-job-completed.json"), LambdaTestContext.forFunction("backup-metrics"));

        // WHEN an older backup of the same volume arrives late
        String older = MetricsEstate.text("backup-job-completed.json").replace("dafac799", "eafac799")
                .replace("2025-03-10T02:41:05.921Z", "2025-03-09T02:41:05.921Z");
        primary.handleRequest(MetricsEstate.asMap(older), LambdaTestContext.forFunction("backup-metrics"));

        // THEN the record still says 02:41:05
        assertThat(scanResources(Emulator.PRIMARY)).singleElement().satisfies(item -> {
            assertThat(item.get("resource").s()).isEqualTo("arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d4e5f60001");
            assertThat(item.get("resourceType").s()).isEqualTo("EBS");
            assertThat(Instant.ofEpochSecond(Long.parseLong(item.get("lastBackupAt").n()))).isEqualTo("2025-03-10T02:41:05Z");
        });
    }

    @Test
    void duplicateDeliveryOfAnEventIsCountedOnce() {
        // GIVEN a failure event delivered twice
        Map<String, Object> event = MetricsEstate.event("backup-job-failed.json");
        CapturedStdout.Result<Map<String, Object>> first = CapturedStdout.capture(
                () -> primary.handleRequest(event, LambdaTestContext.forFunction("backup-metrics")));

        // WHEN the second delivery is handled
        CapturedStdout.Result<Map<String, Object>> second = CapturedStdout.capture(
                () -> primary.handleRequest(event, LambdaTestContext.forFunction("backup-metrics")));

        // THEN only the first counted
        assertThat(Emf.metrics(first.output())).hasSize(2);
        assertThat(Emf.metrics(second.output())).isEmpty();
        assertThat(second.output()).contains("already counted");
    }

    @Test
    void scheduledCheckCountsResourcesBeyondTheirRpoAndTheOldestRecoveryPointAge(Emulator emulator) {
        // GIVEN one volume backed up at 02:41:05 and another at 02:31:18 the day before
        primary.handleRequest(MetricsEstate.event("backup-job-completed.json"), LambdaTestContext.forFunction("backup-metrics"));
        String staleVolume = MetricsEstate.text("ebs-create-snapshot-succeeded.json").replace("vol-0a1b2c3d4e5f60001", "vol-0a1b2c3d4e5f60099");
        Map<String, Object> stale = MetricsEstate.asMap(staleVolume);
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) stale.get("detail");
        detail.put("endTime", "2025-03-09T02:31:18Z");
        primary.handleRequest(stale, LambdaTestContext.forFunction("backup-metrics"));
        Clock noon = Clock.fixed(Instant.parse("2025-03-10T12:00:00Z"), ZoneOffset.UTC);
        BackupMetricsHandler check = new BackupMetricsHandler(new JobMetricsService(
                new DynamoDbRecoveryPointLedger(emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY), MetricsEstate.TABLE, noon),
                id -> java.util.Optional.empty(), Duration.ofHours(24), "us-east-1", noon), "Lifeboat", "us-east-1");

        // WHEN the schedule runs at noon with a 24-hour RPO
        CapturedStdout.Result<Map<String, Object>> result = CapturedStdout.capture(() -> check.handleRequest(
                MetricsEstate.asMap("""
                        {"version": "0", "id": "s-1", "detail-type": "Scheduled Event", "source": "aws.events", "account": "111122223333",
                         "time": "2025-03-10T12:00:00Z", "region": "us-east-1", "resources": [], "detail": {}}"""),
                LambdaTestContext.forFunction("backup-metrics")));

        // THEN one of two resources is beyond its RPO, and the oldest newest recovery point is 33h28m42s old
        assertThat(Emf.metrics(result.output())).allSatisfy(m -> assertThat(m.dimensions()).isEqualTo(Map.of("Region", "us-east-1")))
                .extracting(Emf.Metric::name, Emf.Metric::value, Emf.Metric::unit).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ProtectedResources", 2.0, "Count"),
                        org.assertj.core.groups.Tuple.tuple("ResourcesBeyondRpo", 1.0, "Count"),
                        org.assertj.core.groups.Tuple.tuple("OldestRecoveryPointAge", 120522.0, "Seconds"));
    }

    @Test
    void eventWithoutItsStatusIsRejectedWithALoggedErrorNamingTheField() {
        // GIVEN a Step Functions event without its status
        String json = MetricsEstate.text("stepfunctions-restore-execution-failed.json").replace("\"status\": \"FAILED\",", "");

        // WHEN it is handled
        CapturedStdout.Result<Map<String, Object>> result = CapturedStdout.capture(
                () -> primary.handleRequest(MetricsEstate.asMap(json), LambdaTestContext.forFunction("backup-metrics")));

        // THEN the error names the field, and InvalidEvents counts it
        assertThat(result.jsonLines()).anySatisfy(line -> assertThat(line).contains("\"level\":\"ERROR\"", "\"invalidField\":\"detail.status\""));
        assertThat(Emf.metrics(result.output())).extracting(Emf.Metric::name).containsExactly("InvalidEvents");
    }

    @Test
    void hostileResourceTypeBecomesABoundedPrintableDimension() {
        // GIVEN a backup job event whose resource type is long and full of markup and control characters
        String json = MetricsEstate.text("backup-job-failed.json")
                .replace("\"resourceType\": \"EBS\"", "\"resourceType\": \"<img src=x>\\u0007" + "E".repeat(500) + "\"");

        // WHEN it is handled
        CapturedStdout.Result<Map<String, Object>> result = CapturedStdout.capture(
                () -> primary.handleRequest(MetricsEstate.asMap(json), LambdaTestContext.forFunction("backup-metrics")));

        // THEN the dimension value is short and holds only safe characters
        assertThat(Emf.metrics(result.output())).filteredOn(m -> m.dimensions().containsKey("ResourceType")).singleElement()
                .satisfies(m -> assertThat(m.dimensions().get("ResourceType")).hasSizeLessThanOrEqualTo(65).matches("[A-Za-z0-9._:/-]+"));
    }

    private List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> scanResources(
            software.amazon.awssdk.regions.Region region) {
        return estate.emulator.client(DynamoDbClient.builder(), region).scan(r -> r.tableName(MetricsEstate.TABLE)).items().stream()
                .filter(item -> item.get("pk").s().startsWith("resource#")).toList();
    }
}
