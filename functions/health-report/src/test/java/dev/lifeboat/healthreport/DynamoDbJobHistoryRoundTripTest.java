package dev.lifeboat.healthreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The job history as the metrics function writes it, read back by the report. */
@ExtendWith(MotoExtension.class)
class DynamoDbJobHistoryRoundTripTest {

    private ReportEstate estate;
    private DynamoDbJobHistory history;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new ReportEstate(emulator);
        history = new DynamoDbJobHistory(estate.dynamoDb, ReportEstate.JOB_TABLE);
    }

    @Test
    void readsTheItemTheMetricsFunctionWritesForAFailedBackupJob() {
        // GIVEN the item backup-metrics writes for events/backup-job-failed.json (its JobHistoryWriterTest pins the same item)
        estate.dynamoDb.putItem(r -> r.tableName(ReportEstate.JOB_TABLE).item(JobHistoryItems.item("us-east-1", "backup",
                "34176239-e96d-4e1d-9fad-529dbb3c3556", "FAILED", true, "EBS",
                "arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d4e5f60001", "AWS Backup job failed",
                "Backup job failed because backup vault arn:aws:backup:us-east-1:111122223333:backup-vault:lifeboat-primary does not exist.",
                Instant.parse("2025-03-10T02:15:26Z"))));

        // WHEN the day is read
        var jobs = history.between(Instant.parse("2025-03-10T00:00:00Z"), Instant.parse("2025-03-11T00:00:00Z"));

        // THEN the report sees the job as written
        assertThat(jobs).containsExactly(new JobRecord(Instant.parse("2025-03-10T02:15:26Z"), "us-east-1", "backup", true, "EBS",
                "arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d4e5f60001", "AWS Backup job failed",
                "Backup job failed because backup vault arn:aws:backup:us-east-1:111122223333:backup-vault:lifeboat-primary does not exist."));
    }

    @Test
    void readsOnlyTheJobsThatFinishedInThePeriodAcrossDays() {
        JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "before", Instant.parse("2025-03-08T23:59:59Z"), false);
        JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "first", Instant.parse("2025-03-09T00:00:00Z"), true);
        JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "second", Instant.parse("2025-03-10T05:59:59Z"), false);
        JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "at-the-end", Instant.parse("2025-03-10T06:00:00Z"), false);

        var jobs = history.between(Instant.parse("2025-03-09T00:00:00Z"), Instant.parse("2025-03-10T06:00:00Z"));

        assertThat(jobs).extracting(JobRecord::time).containsExactlyInAnyOrder(Instant.parse("2025-03-09T00:00:00Z"),
                Instant.parse("2025-03-10T05:59:59Z"));
    }

    @Test
    void anItemWithoutAReadableFinishTimeIsLeftOutAndTheOthersAreRead() {
        JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "good", Instant.parse("2025-03-10T01:00:00Z"), false);
        estate.dynamoDb.putItem(r -> r.tableName(ReportEstate.JOB_TABLE).item(Map.of("pk", AttributeValue.fromS("day#2025-03-10"),
                "sk", AttributeValue.fromS("backup#us-east-1#hand-written"), "finishedAt", AttributeValue.fromS("yesterday"))));

        var jobs = history.between(Instant.parse("2025-03-10T00:00:00Z"), Instant.parse("2025-03-11T00:00:00Z"));

        assertThat(jobs).singleElement().satisfies(job -> assertThat(job.time()).isEqualTo(Instant.parse("2025-03-10T01:00:00Z")));
    }
}
