package dev.lifeboat.healthreport;

import static dev.lifeboat.healthreport.Reports.NOW;
import static dev.lifeboat.healthreport.Reports.catalog;
import static dev.lifeboat.healthreport.Reports.copy;
import static dev.lifeboat.healthreport.Reports.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifeboat.healthreport.HealthReport.RpoStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthReportBuilderTest {

    @Test
    void estimatesMonthlyCostAsSizeTimesTheDocumentsPricePerClass() {
        // GIVEN 100 GB standard + 100 GB archived EBS, 8 GB standard EBS, 20 GB RDS, 50 GB warm and 200 GB cold AWS Backup
        HealthReport report = new HealthReportBuilder(catalog(Duration.ofHours(24)), new RetentionTierClassifier()).build("us-west-2", NOW,
                Duration.ofDays(7), List.of(
                        resource("vol-a", "ebs-snapshot", copy("s1", Duration.ofHours(1), StorageClass.EBS_STANDARD, 100),
                                copy("s2", Duration.ofDays(90), StorageClass.EBS_ARCHIVE, 100)),
                        resource("vol-b", "ebs-snapshot", copy("s3", Duration.ofHours(1), StorageClass.EBS_STANDARD, 8)),
                        resource("db", "rds-snapshot", copy("r1", Duration.ofHours(1), StorageClass.RDS_SNAPSHOT, 20)),
                        resource("fs", "backup-efs", copy("b1", Duration.ofHours(1), StorageClass.BACKUP_WARM, 50),
                                copy("b2", Duration.ofDays(60), StorageClass.BACKUP_COLD, 200))),
                List.of(), Optional.empty(), List.of());

        // THEN each class costs GB x price, and the total is their sum
        assertThat(report.storage().get(StorageClass.EBS_STANDARD).gb()).isEqualTo(108);
        assertThat(report.storage().get(StorageClass.EBS_STANDARD).copies()).isEqualTo(2);
        assertThat(report.storage().get(StorageClass.EBS_STANDARD).monthlyCostUsd()).isCloseTo(108 * 0.05, within(1e-9));
        assertThat(report.storage().get(StorageClass.EBS_ARCHIVE).monthlyCostUsd()).isCloseTo(100 * 0.0125, within(1e-9));
        assertThat(report.storage().get(StorageClass.RDS_SNAPSHOT).monthlyCostUsd()).isCloseTo(20 * 0.095, within(1e-9));
        assertThat(report.storage().get(StorageClass.BACKUP_COLD).monthlyCostUsd()).isCloseTo(200 * 0.01, within(1e-9));
        assertThat(report.monthlyCostUsd()).isCloseTo(5.4 + 1.25 + 1.9 + 2.5 + 2.0, within(1e-9));
        assertThat(report.resources().get(0).source()).isEqualTo("db");
        assertThat(report.resources()).filteredOn(r -> r.source().equals("vol-a")).singleElement()
                .satisfies(r -> assertThat(r.monthlyCostUsd()).isCloseTo(5.0 + 1.25, within(1e-9)));
    }

    @Test
    void measuresTheNewestCopysAgeAgainstThePolicysRpo() {
        HealthReport report = Reports.sample();

        assertThat(report.resources()).extracting(HealthReport.ResourceHealth::status)
                .containsExactly(RpoStatus.BREACH, RpoStatus.COMPLIANT, RpoStatus.NO_COPY);
        assertThat(report.resources().get(1).age()).contains(Duration.ofHours(3));
        assertThat(report.breaches()).isEqualTo(2);
    }

    @Test
    void countsOnlyTheFailuresOfThePeriodAndMatchesThemToResourcesByIdOrArn() {
        HealthReport report = Reports.sample();

        assertThat(report.failures()).hasSize(1);
        assertThat(report.resources()).filteredOn(r -> r.source().equals(Reports.HOSTILE)).singleElement()
                .satisfies(r -> assertThat(r.failuresInPeriod()).isEqualTo(1));
        assertThat(report.resources()).filteredOn(r -> r.source().endsWith("vol-0aaa")).singleElement()
                .satisfies(r -> assertThat(r.failuresInPeriod()).isZero());
    }

    @Test
    void hasOneDayOfJobsPerDayOfThePeriodWithoutGaps() {
        HealthReport report = Reports.sample();

        assertThat(report.jobsByDay()).hasSize(8);
        assertThat(report.jobsByDay().getFirst().day()).isEqualTo(LocalDate.parse("2025-03-03"));
        assertThat(report.jobsByDay().getLast().day()).isEqualTo(LocalDate.parse("2025-03-10"));
        assertThat(report.jobsByDay()).extracting(HealthReport.DayOfJobs::succeeded).containsExactly(0, 0, 0, 0, 1, 0, 0, 1);
        assertThat(report.jobsByDay()).extracting(HealthReport.DayOfJobs::failed).containsExactly(0, 0, 0, 0, 0, 1, 0, 0);
    }

    @Test
    void countsCopiesPerTierAsTheClassifierKeepsThem() {
        TierClassifier tiers = (policy, copies) -> Map.of("s1", Set.of("daily", "weekly"), "s2", Set.of("monthly"));

        HealthReport report = new HealthReportBuilder(catalog(Duration.ofHours(24)), tiers).build("us-west-2", NOW, Duration.ofDays(7),
                List.of(resource("vol-a", "ebs-snapshot", copy("s1", Duration.ofHours(1), StorageClass.EBS_STANDARD, 1),
                        copy("s2", Duration.ofDays(20), StorageClass.EBS_STANDARD, 1), copy("s3", Duration.ofDays(2), StorageClass.EBS_STANDARD, 1))),
                List.of(), Optional.empty(), List.of());

        // THEN a copy counts in every tier keeping it, and a copy no tier keeps is "beyond tiers"; sizes likewise, in tier order
        assertThat(report.resources().getFirst().copiesPerTier()).containsExactlyEntriesOf(orderedMap("daily", 1, "weekly", 1, "monthly", 1,
                HealthReport.BEYOND_TIERS, 1));
        assertThat(report.resources().getFirst().gbPerTier()).containsEntry("daily", 1.0).containsEntry(HealthReport.BEYOND_TIERS, 1.0);
        assertThat(report.resources().getFirst().copies()).isEqualTo(3);
    }

    @Test
    void aResourceWhosePolicyIsUnknownIsABreachAsInTheMonitorAndItsCopiesAreTieredByTheDefault() {
        HealthReport report = new HealthReportBuilder(catalog(Duration.ofHours(24)), new RetentionTierClassifier()).build("us-west-2", NOW,
                Duration.ofDays(7), List.of(resource(catalog(Duration.ofHours(24)), "vol-x", "ebs-volume", "gone",
                        copy("s1", Duration.ofHours(1), StorageClass.EBS_STANDARD, 1))),
                List.of(), Optional.empty(), List.of());

        HealthReport.ResourceHealth resource = report.resources().getFirst();
        assertThat(resource.status()).isEqualTo(RpoStatus.BREACH);
        assertThat(resource.rpo()).isEmpty();
        assertThat(resource.problem()).hasValueSatisfying(p -> assertThat(p).contains("'gone'"));
        assertThat(resource.copiesPerTier()).containsEntry("daily", 1);
        assertThat(report.notes()).singleElement().asString().contains("'gone'").contains("default");
    }

    @Test
    void keepsTheLatestDrillPerResource() {
        HealthReport report = Reports.sample();

        assertThat(report.drills()).hasValueSatisfying(drills -> assertThat(drills).singleElement()
                .satisfies(d -> assertThat(d.restoreSeconds()).hasValue(3600)));
    }

    private static Map<String, Integer> orderedMap(Object... entries) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], (Integer) entries[i + 1]);
        }
        return map;
    }
}
