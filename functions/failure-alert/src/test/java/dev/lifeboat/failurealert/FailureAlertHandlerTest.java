package dev.lifeboat.failurealert;

import dev.lifeboat.local.testing.Emf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The alert function against moto: an SQS queue subscribed to the alert topic receives what a
 * person would. Events come from {@code events/}.
 */
@ExtendWith(MotoExtension.class)
class FailureAlertHandlerTest {

    private AlertEstate estate;
    private FailureAlertHandler handler;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new AlertEstate(emulator);
        handler = estate.handlerWithTestClock();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "backup-job-failed.json            | AWS Backup job failed       | vol-0a1b2c3d4e5f60001 | 34176239-e96d-4e1d-9fad-529dbb3c3556 | backup vault arn:aws:backup:us-east-1:111122223333:backup-vault:lifeboat-primary does not exist | backup/home?region=us-east-1#/jobs/backup/details/34176239",
            "backup-job-aborted.json           | AWS Backup job aborted      | orders-db             | 58cdef95-7680-4c74-80d5-1b64093999c8 | Backup job was stopped by user. | backup/home?region=us-east-1#/jobs/backup/details/58cdef95",
            "backup-job-expired.json           | AWS Backup job expired      | fs-0a1b2c3d4e5f60001  | 01EE26DC-7107-4D8E-0C54-EAC27C662BA4 | there was a running job for the same resource | #/jobs/backup/details/01EE26DC",
            "backup-copy-job-failed.json       | AWS Backup copy job failed  | vol-0a1b2c3d4e5f60001 | 47C8EF56-74D8-059D-1301-C5BE1D5C926E | Access denied exception while trying to list tags | #/jobs/copy/details/47C8EF56",
            "backup-restore-job-failed.json    | AWS Backup restore job failed | ami-12b3456dfb7f8cf90 | 1B234A56-789B-01CD-2A34-4567A08901FD | does not permit attaching a new instance profile | us-west-2.console.aws.amazon.com/backup/home?region=us-west-2#/jobs/restore/details/1B234A56",
            "ebs-create-snapshot-failed.json   | EBS snapshot failed         | vol-0a1b2c3d4e5f60002 | snap-0a1b2c3d4e5f60002 | is in status error | ec2/home?region=us-east-1#SnapshotDetails:snapshotId=snap-0a1b2c3d4e5f60002",
            "ebs-copy-snapshot-failed.json     | EBS snapshot copy failed    | snap-0a1b2c3d4e5f60011 | snap-0f9e8d7c6b5a40002 | Source snapshot ID is not valid | us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2#SnapshotDetails:snapshotId=snap-0f9e8d7c6b5a40002",
            "ebs-create-snapshots-failed.json  | EBS snapshot failed         | vol-0a1b2c3d4e5f60022 | snap-0a1b2c3d4e5f60022 | is in status error | #SnapshotDetails:snapshotId=snap-0a1b2c3d4e5f60022",
            "rds-db-snapshot-copy-canceled.json | RDS snapshot failure       | lifeboat-us-east-1-rds-orders-db-2025-03-10-02-05 | lifeboat-us-east-1-rds-orders-db-2025-03-10-02-05 | Canceled snapshot copy request | rds/home?region=us-west-2",
            "stepfunctions-restore-execution-failed.json    | Restore workflow failed    | orders-db | orders-db-failed    | Lifeboat.RestoreTimedOut: orders-db-restored was not available | states/home?region=us-west-2#/v2/executions/details/arn%3Aaws%3Astates",
            "stepfunctions-restore-execution-timed-out.json | Restore workflow timed out | orders-db | orders-db-timed-out | States.Timeout | #/v2/executions/details/",
            "stepfunctions-restore-execution-aborted.json   | Restore workflow aborted   | orders-db | orders-db-aborted   | AWS gave no reason | #/v2/executions/details/",
            "dlm-policy-error.json             | Snapshot policy in error    | policy-0123456789abcdef0 | policy-0123456789abcdef0 | Role provided does not have sufficient permissions | ec2/home?region=us-east-1#LifecycleManager:",
            "s3-replication-failed.json        | S3 replication failed       | orders-documents      | invoices/2025/03/10/inv-0042.pdf | AssumeRoleNotPermitted | s3.console.aws.amazon.com/s3/buckets/orders-documents?region=us-east-1&tab=management",
            "s3-outposts-replication-failed.json | S3 replication failed     | orders-outpost-bucket | invoices/2025/03/10/inv-0042.pdf | DstBucketNotFound | s3.console.aws.amazon.com/s3/buckets/",
    })
    void eachFailureBecomesOneReadableMessageWithReasonLinkAndNextStep(String file, String failure, String resource, String job,
                                                                        String reason, String link) {
        // GIVEN a failure event as AWS documents it
        Map<String, Object> event = AlertEstate.event(file);

        // WHEN the alert function handles it
        Map<String, Object> result = handler.handleRequest(event, LambdaTestContext.forFunction("failure-alert"));

        // THEN exactly one message arrives, naming failure and resource, with where, why, a link and what to do
        assertThat(result).containsEntry("sent", 1);
        List<AlertEstate.Delivered> inbox = estate.inbox();
        assertThat(inbox).singleElement().satisfies(message -> {
            assertThat(message.subject()).startsWith("[Lifeboat] " + failure + ": ").contains(resource).hasSizeLessThan(100);
            assertThat(message.body())
                    .contains("Account: ", "Region: ", "Resource: ", "Job: " + (job.startsWith("orders-db-") ? "arn:aws:states:" : job))
                    .contains(reason)
                    .contains("Console: https://", link)
                    .contains("Next step: ");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ebs-create-snapshot-succeeded.json", "ebs-create-snapshots-succeeded.json", "ebs-copy-snapshot-succeeded.json",
            "backup-job-completed.json", "backup-copy-job-completed.json", "backup-restore-job-completed.json",
            "rds-db-snapshot-created-automated.json", "rds-db-snapshot-copy-finished.json", "rds-db-cluster-snapshot-created-automated.json", "stepfunctions-restore-execution-succeeded.json"})
    void successesSendNothing(String file) {
        // WHEN a success event reaches the alert function
        Map<String, Object> result = handler.handleRequest(AlertEstate.event(file), LambdaTestContext.forFunction("failure-alert"));

        // THEN no message is sent
        assertThat(result).containsEntry("sent", 0);
        assertThat(estate.inbox()).isEmpty();
    }

    @Test
    void repeatsWithinTheWindowAreFoldedAndTheNextMessageAfterTheWindowCountsThem() {
        // GIVEN the same backup failure of the same resource, raised three times within the hour
        for (int i = 1; i <= 3; i++) {
            handler.handleRequest(repeat("backup-job-failed.json", i), LambdaTestContext.forFunction("failure-alert"));
            estate.clock.advance(Duration.ofMinutes(10));
        }
        List<AlertEstate.Delivered> firstHour = estate.inbox();

        // WHEN it fails again after the window
        estate.clock.advance(Duration.ofMinutes(45));
        handler.handleRequest(repeat("backup-job-failed.json", 4), LambdaTestContext.forFunction("failure-alert"));

        // THEN the first failure was sent, the two repeats folded, and the next message reports them
        assertThat(firstHour).singleElement().satisfies(message -> assertThat(message.body()).doesNotContain("Repeats:"));
        assertThat(estate.inbox()).singleElement().satisfies(message -> {
            assertThat(message.subject()).endsWith("(+2 repeats)").hasSizeLessThan(100);
            assertThat(message.body()).contains("Repeats: this failure also happened 2 times since the alert of 2025-03-10T03:00:00Z");
        });
    }

    @Test
    void foldedRepeatsAreReportedByTheScheduledSummaryWhenNoLaterFailureCarriesThem() {
        // GIVEN a failure and two repeats within the window, then silence
        for (int i = 1; i <= 3; i++) {
            handler.handleRequest(repeat("ebs-copy-snapshot-failed.json", i), LambdaTestContext.forFunction("failure-alert"));
            estate.clock.advance(Duration.ofMinutes(5));
        }
        estate.inbox();

        // WHEN the schedule runs before and after the window closes
        Map<String, Object> early = handler.handleRequest(scheduledEvent(), LambdaTestContext.forFunction("failure-alert"));
        List<AlertEstate.Delivered> beforeWindowEnd = estate.inbox();
        estate.clock.advance(Duration.ofMinutes(50));
        handler.handleRequest(scheduledEvent(), LambdaTestContext.forFunction("failure-alert"));
        List<AlertEstate.Delivered> summaries = estate.inbox();
        handler.handleRequest(scheduledEvent(), LambdaTestContext.forFunction("failure-alert"));

        // THEN one summary counts the two repeats, once
        assertThat(early).containsEntry("sent", 0);
        assertThat(beforeWindowEnd).isEmpty();
        assertThat(summaries).singleElement().satisfies(message -> {
            assertThat(message.subject()).isEqualTo("[Lifeboat] EBS snapshot copy failed: snap-0a1b2c3d4e5f60011 x2 more");
            assertThat(message.body()).contains("is still happening: 2 more times since the alert of 2025-03-10T03:00:00Z",
                    "the latest at 2025-03-10T03:10:00Z", "Source snapshot ID is not valid", "Next step: ");
        });
        assertThat(estate.inbox()).isEmpty();
    }

    @Test
    void duplicateDeliveryOfAFailureSendsNothingMoreAndFoldsNothing() {
        // GIVEN a failure event delivered twice (EventBridge delivers at least once)
        Map<String, Object> event = AlertEstate.event("dlm-policy-error.json");
        handler.handleRequest(event, LambdaTestContext.forFunction("failure-alert"));

        // WHEN the second delivery arrives, within the window and after it
        Map<String, Object> again = handler.handleRequest(event, LambdaTestContext.forFunction("failure-alert"));
        estate.clock.advance(Duration.ofHours(2));
        Map<String, Object> muchLater = handler.handleRequest(event, LambdaTestContext.forFunction("failure-alert"));
        handler.handleRequest(scheduledEvent(), LambdaTestContext.forFunction("failure-alert"));

        // THEN one message in all, and no repeat was counted
        assertThat(again).containsEntry("duplicates", 1).containsEntry("folded", 0);
        assertThat(muchLater).containsEntry("duplicates", 1);
        assertThat(estate.inbox()).hasSize(1);
    }

    @Test
    void theSameFailureOfDifferentResourcesIsNotFolded() {
        // GIVEN two volumes whose snapshots fail in the same minute
        String other = AlertEstate.text("ebs-create-snapshot-failed.json")
                .replace("vol-0a1b2c3d4e5f60002", "vol-0a1b2c3d4e5f60099").replace("a2178af0", "b2178af0");

        // WHEN both events arrive
        handler.handleRequest(AlertEstate.event("ebs-create-snapshot-failed.json"), LambdaTestContext.forFunction("failure-alert"));
        handler.handleRequest(AlertEstate.asMap(other), LambdaTestContext.forFunction("failure-alert"));

        // THEN each has its own message
        assertThat(estate.inbox()).extracting(AlertEstate.Delivered::subject).containsExactlyInAnyOrder(
                "[Lifeboat] EBS snapshot failed: vol-0a1b2c3d4e5f60002", "[Lifeboat] EBS snapshot failed: vol-0a1b2c3d4e5f60099");
    }

    @Test
    void hostileFieldsStillYieldASafeBoundedMessage() {
        // GIVEN a backup failure whose resource, job and reason are huge, hold control characters and markup
        String hostileResource = "arn:aws:ec2:us-east-1:111122223333:volume/vol-<script>alert(1)</script>\u0007\u001b[31m" + "x".repeat(100_000);
        String hostileReason = "<b>boom</b>\r\nSubject: forged\u0000\u202e" + "why ".repeat(250_000);
        String json = AlertEstate.text("backup-job-failed.json")
                .replace("arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d4e5f60001", jsonEscape(hostileResource))
                .replace("34176239-e96d-4e1d-9fad-529dbb3c3556", jsonEscape("job\n<i>" + "j".repeat(5000)))
                .replaceFirst("\"statusMessage\": \".*\",",
                        java.util.regex.Matcher.quoteReplacement("\"statusMessage\": \"" + jsonEscape(hostileReason) + "\","));

        // WHEN the alert function handles it
        Map<String, Object> result = handler.handleRequest(AlertEstate.asMap(json), LambdaTestContext.forFunction("failure-alert"));

        // THEN one message arrives: ASCII subject under 100 characters, a body of a few kilobytes without control characters or markup
        assertThat(result).containsEntry("sent", 1);
        assertThat(estate.inbox()).singleElement().satisfies(message -> {
            assertThat(message.subject()).hasSizeLessThan(100).matches("[\\x20-\\x7e]+").doesNotContain("<", ">")
                    .startsWith("[Lifeboat] AWS Backup job failed: ").endsWith("...");
            assertThat(message.body()).hasSizeLessThan(6_000).doesNotContain("<", ">", "\r", "\u0000", "\u0007", "\u001b", "\u202e")
                    .contains("Reason (from AWS): ‹b›boom‹/b›??Subject: forged", "…", "Next step: ");
            assertThat(message.body().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThan(1_600));
        });
    }

    @Test
    void eventWithoutItsStateIsRejectedWithALoggedErrorNamingTheField() {
        // GIVEN a backup job event with neither state nor status
        String json = AlertEstate.text("backup-job-failed.json").replace("\"state\": \"FAILED\",", "");

        // WHEN the alert function handles it
        CapturedStdout.Result<Map<String, Object>> result = CapturedStdout.capture(
                () -> handler.handleRequest(AlertEstate.asMap(json), LambdaTestContext.forFunction("failure-alert")));

        // THEN nothing is sent and the error names the field
        assertThat(result.value()).containsEntry("rejected", 1).containsEntry("sent", 0);
        assertThat(estate.inbox()).isEmpty();
        assertThat(result.jsonLines()).anySatisfy(line -> assertThat(line)
                .contains("\"level\":\"ERROR\"", "field 'detail.state'", "\"invalidField\":\"detail.state\""));
    }

    @Test
    void alertsAreCountedInEmfMetrics() {
        // WHEN a failure and a repeat arrive
        CapturedStdout.Result<Map<String, Object>> first = CapturedStdout.capture(
                () -> handler.handleRequest(repeat("backup-job-failed.json", 1), LambdaTestContext.forFunction("failure-alert")));
        CapturedStdout.Result<Map<String, Object>> second = CapturedStdout.capture(
                () -> handler.handleRequest(repeat("backup-job-failed.json", 2), LambdaTestContext.forFunction("failure-alert")));

        // THEN the EMF documents count one alert sent and one folded, in the Lifeboat namespace
        assertThat(Emf.metrics(first.output())).anySatisfy(metric -> {
            assertThat(metric.name()).isEqualTo("AlertsSent");
            assertThat(metric.namespace()).isEqualTo("Lifeboat");
            assertThat(metric.value()).isEqualTo(1.0);
            assertThat(metric.unit()).isEqualTo("Count");
        });
        assertThat(Emf.metrics(second.output())).extracting(Emf.Metric::name).contains("AlertsFolded").doesNotContain("AlertsSent");
    }

    /** {@code file} as the {@code n}th raising of the same failure: its own event id, the same resource. */
    private static Map<String, Object> repeat(String file, int n) {
        Map<String, Object> event = AlertEstate.event(file);
        event.put("id", event.get("id") + "-" + n);
        return event;
    }

    private static Map<String, Object> scheduledEvent() {
        return AlertEstate.asMap("""
                {"version": "0", "id": "%s", "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "111122223333", "time": "2025-03-10T04:00:00Z", "region": "us-east-1",
                 "resources": ["arn:aws:events:us-east-1:111122223333:rule/lifeboat-AlertSummarySchedule"], "detail": {}}"""
                .formatted(java.util.UUID.randomUUID()));
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x202e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
