package dev.lifeboat.healthreport;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
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

    /** Where a resource stands against its RPO: the RPO monitor's status, by the same name. */
    public enum RpoStatus { COMPLIANT, BREACH, NO_COPY }

    /** The tier of a snapshot that no retention tier keeps (retention deletes it, unless it is the newest or held). */
    public static final String BEYOND_TIERS = "beyond tiers";
    /** The "tier" of AWS Backup recovery points: the vault's lifecycle keeps them, not retention. */
    public static final String VAULT_LIFECYCLE = "vault lifecycle";

    /**
     * One protected resource, as the RPO monitor assesses it. {@code rpo} is empty when its policy is
     * unknown (a breach, as in the monitor). {@code copiesPerTier} and {@code gbPerTier} are in tier order
     * (daily, weekly, monthly, yearly, then {@link #BEYOND_TIERS} and {@link #VAULT_LIFECYCLE}); a copy kept by
     * two tiers counts in both. {@code gbPerClass} and {@code monthlyCostUsd} cover every completed copy once.
     */
    public record ResourceHealth(String source, String resourceType, String policy, Optional<Duration> rpo, Optional<Instant> newestCopyAt,
                                 Optional<Duration> age, RpoStatus status, Optional<String> problem, int copies,
                                 Map<String, Integer> copiesPerTier, Map<String, Double> gbPerTier,
                                 Map<StorageClass, Double> gbPerClass, double monthlyCostUsd, int failuresInPeriod) {

        public ResourceHealth {
            copiesPerTier = Collections.unmodifiableMap(new LinkedHashMap<>(copiesPerTier));
            gbPerTier = Collections.unmodifiableMap(new LinkedHashMap<>(gbPerTier));
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
