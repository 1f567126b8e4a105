package dev.lifeboat.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.drill.DemoEstate.Kind;
import dev.lifeboat.local.drill.DemoEstate.Resource;
import dev.lifeboat.local.template.StackRole;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrillReportTest {

    private static final Instant DISASTER = Instant.parse("2025-03-12T10:00:00Z");
    private static final Resource VOLUME = new Resource(Kind.EBS_VOLUME, "vol-0123456789abcdef0", "default");
    private static final Resource DATABASE = new Resource(Kind.RDS_INSTANCE, "orders-db", "default");

    @Test
    void reportsEachSectionOneRtoLinePerRestoreAndTheInjectedAlert() {
        String report = DrillReport.render(result(List.of(validated(VOLUME, 12.4), validated(DATABASE, 8.0)), Duration.ofMinutes(20)));

        assertThat(report).contains(DrillReport.SECTIONS.toArray(String[]::new));
        assertThat(report.lines().filter(line -> line.matches("\\s+\\S+\\s+RTO .*"))).hasSize(2);
        assertThat(report).contains("vol-0123456789abcdef0    RTO   12.4 s   validated, restored as restored-vol-0123456789abcdef0");
        assertThat(report).contains("[us-east-1] [Lifeboat] EBS snapshot failed: vol-0123456789abcdef0");
        assertThat(report).contains("RpoMonitorFunction     not available yet");
        assertThat(report).contains("Result: PASSED: 2 of 2 restores validated");
    }

    @Test
    void theRpoAchievedIsTheNewestCopysAgeWhenThePrimaryRegionWentDownAgainstThePolicysRpo() {
        String met = DrillReport.render(result(List.of(validated(VOLUME, 1)), Duration.ofMinutes(30)));
        String breached = DrillReport.render(result(List.of(validated(VOLUME, 1)), Duration.ofHours(25)));

        assertThat(met).contains("vol-0123456789abcdef0    0.50 h     RPO 24 h   met");
        assertThat(breached).contains("vol-0123456789abcdef0    25.00 h    RPO 24 h   BREACHED");
    }

    @Test
    void aRestoreThatDidNotValidateFailsTheDrill() {
        DrillResult.Restore failed = new DrillResult.Restore(DATABASE, "dr-rds-instance-1", "FAILED", false, Duration.ofSeconds(3), "",
                "Lifeboat.ValidationFailed: not available");
        DrillResult result = result(List.of(validated(VOLUME, 5), failed), Duration.ofMinutes(5));

        assertThat(result.passed()).isFalse();
        assertThat(DrillReport.render(result)).contains("orders-db                RTO    3.0 s   FAILED: Lifeboat.ValidationFailed: not available",
                "Result: FAILED: 1 of 2 restores validated");
    }

    @Test
    void aScheduledFunctionThatExistsAndFailedFailsTheDrillButOneNotYetInTheTemplateDoesNot() {
        DrillResult skipped = result(List.of(validated(VOLUME, 5)), Duration.ofMinutes(5));
        DrillResult failing = new DrillResult(skipped.days(), skipped.primaryRegion(), skipped.recoveryRegion(), DISASTER, skipped.injectedFailure(),
                skipped.resources(), List.of(new DrillResult.ScheduledStep("RetentionFunction", "retention", true, false, "boom")),
                skipped.restores(), skipped.alerts(), 3, List.of(), List.of(), Duration.ofSeconds(60));

        assertThat(skipped.passed()).isTrue();
        assertThat(failing.passed()).isFalse();
        assertThat(DrillReport.render(failing)).contains("RetentionFunction      FAILED: boom", "a scheduled recovery function failed");
    }

    @Test
    void anEventThatNoFunctionHandledFailsTheDrillEvenWhenEveryRestoreValidated() {
        DrillResult clean = result(List.of(validated(VOLUME, 5)), Duration.ofMinutes(5));
        LocalEventBus.Delivery lost = new LocalEventBus.Delivery("MetricsEbsSnapshotsRule", StackRole.PRIMARY, "BackupMetricsFunction",
                "EBS Snapshot Notification createSnapshot", false, "the function threw: boom");
        DrillResult lossy = new DrillResult(clean.days(), clean.primaryRegion(), clean.recoveryRegion(), DISASTER, clean.injectedFailure(),
                clean.resources(), clean.steps(), clean.restores(), clean.alerts(), 3, List.of(lost), List.of(), Duration.ofSeconds(60));

        assertThat(clean.passed()).isTrue();
        assertThat(lossy.passed()).isFalse();
        assertThat(DrillReport.render(lossy)).contains("MetricsEbsSnapshotsRule -> BackupMetricsFunction: the function threw: boom",
                "Result: FAILED: 1 of 1 restores validated; 1 events were not handled");
    }

    @Test
    void theRpoMonitorsSummaryIsPrintedOneLinePerResource() {
        List<String> lines = DrillReport.rpoLines("{\"counts\":{\"protected\":1},\"resources\":[{\"sourceArn\":\"arn:aws:rds:us-east-1:123456789012:db:orders-db\","
                + "\"type\":\"rds-instance\",\"policy\":\"default\",\"rpoHours\":24.0,\"newestCopyId\":\"lifeboat-us-east-1-orders-db-day-3\","
                + "\"ageHours\":0.0123,\"status\":\"COMPLIANT\"}]}");

        assertThat(lines).containsExactly("orders-db rds-instance policy default: newest copy lifeboat-us-east-1-orders-db-day-3, 0.01 h old, RPO 24.0 h: COMPLIANT");
    }

    @Test
    void rpoMonitorResultsArePrintedOneLinePerResource() {
        List<String> lines = DrillReport.rpoLines("[{\"source\":\"orders-db\",\"type\":\"rds-instance\",\"policy\":\"default\",\"rpoHours\":24,"
                + "\"newestCopy\":\"lifeboat-us-east-1-orders-db-day-3\",\"ageHours\":0.02,\"status\":\"OK\"}]");

        assertThat(lines).containsExactly("orders-db rds-instance policy default: newest copy lifeboat-us-east-1-orders-db-day-3, 0.02 h old, RPO 24 h: OK");
    }

    private static DrillResult result(List<DrillResult.Restore> restores, Duration newestAge) {
        List<DrillResult.ProtectedResource> resources = restores.stream()
                .map(restore -> new DrillResult.ProtectedResource(restore.resource(), 3, Optional.of(DISASTER.minus(newestAge)), 24))
                .toList();
        return new DrillResult(3, "us-east-1", "us-west-2", DISASTER, "day 2: the EBS snapshot of vol-0123456789abcdef0 failed", resources,
                List.of(new DrillResult.ScheduledStep("RpoMonitorFunction", "rpo", false, false, "not available yet")),
                restores, List.of(new DrillResult.Alert("us-east-1", "[Lifeboat] EBS snapshot failed: vol-0123456789abcdef0", "EBS snapshot failed")),
                21, List.of(), List.of(Path.of("health.html")), Duration.ofSeconds(70));
    }

    private static DrillResult.Restore validated(Resource resource, double seconds) {
        return new DrillResult.Restore(resource, "dr-" + resource.id(), "SUCCEEDED", true, Duration.ofMillis((long) (seconds * 1000)),
                "restored-" + resource.id(), "");
    }
}
