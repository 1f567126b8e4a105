package dev.lifeboat.healthreport;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the health report says, before it is rendered: per protected resource its policy,
 * newest copy and age against the RPO, copies per tier, storage and estimated monthly cost, and
 * failures in the period; the jobs per day; the restore drills; and notes about what could not be read.
 */
public record HealthReport(Instant generatedAt, Instant periodStart, Instant periodEnd, String region,
                           List<ResourceHealth> resources, List<DayOfJobs> jobsByDay, List<JobRecord> failures,
                           Map<StorageClass, StorageTotal> storage, double monthlyCostUsd,
                           Optional<List<DrillRow>> drills, List<String> notes) {

    public HealthReport {
        resources = List.copyOf(resources);
        jobsByDay = List.copyOf(jobsByDay);
        failures = List.copyOf(failures);
        storage = Map.copyOf(storage);
        drills = drills.map(List::copyOf);
        notes = List.copyOf(notes);
    }

    /** Where a resource stands against its RPO. */
    public enum RpoStatus { COMPLIANT, BREACH, NO_COPY }

    /** One protected resource. {@code gbPerClass} and {@code monthlyCostUsd} cover every copy of it. */
    public record ResourceHealth(String source, String resourceType, String policy, Duration rpo, Optional<Instant> newestCopyAt,
                                 Optional<Duration> age, RpoStatus status, int copies, Map<String, Integer> copiesPerTier,
                                 Map<StorageClass, Double> gbPerClass, double monthlyCostUsd, int failuresInPeriod) {

        public ResourceHealth {
            copiesPerTier = Map.copyOf(copiesPerTier);
            gbPerClass = Map.copyOf(gbPerClass);
        }
    }

    /** Jobs that finished on one day (UTC). */
    public record DayOfJobs(LocalDate day, int succeeded, int failed) {
    }

    /** Storage of one class across the estate. */
    public record StorageTotal(int copies, double gb, double monthlyCostUsd) {
    }

    /** The latest restore drill of one resource: its outcome and how long the restore took (the measured RTO). */
    public record DrillRow(String source, String drillId, Optional<Instant> finishedAt, String outcome, OptionalLong restoreSeconds,
                           String error) {
    }

    public long breaches() {
        return resources.stream().filter(r -> r.status() != RpoStatus.COMPLIANT).count();
    }
}
