package dev.lifeboat.healthreport;

import dev.lifeboat.healthreport.HealthReport.DayOfJobs;
import dev.lifeboat.healthreport.HealthReport.DrillRow;
import dev.lifeboat.healthreport.HealthReport.ResourceHealth;
import dev.lifeboat.healthreport.HealthReport.RpoStatus;
import dev.lifeboat.healthreport.HealthReport.StorageTotal;
import dev.lifeboat.rpomonitor.ResourceReport;
import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.PolicyCatalog;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.policy.StoragePrices;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;


/**
 * Computes a {@link HealthReport} from what the estate (the RPO monitor's assessment and the copies' sizes), the
 * policies, the job history and the drills say. Statuses, ages and RPOs are the monitor's, unchanged; this adds
 * tiers (retention's selection), storage, cost and failures. Pure.
 */
public final class HealthReportBuilder {

    /** The order tiers are listed in. */
    static final List<String> TIER_ORDER = List.of("daily", "weekly", "monthly", "yearly", HealthReport.BEYOND_TIERS,
            HealthReport.VAULT_LIFECYCLE);

    private final PolicyCatalog catalog;
    private final TierClassifier tiers;

    public HealthReportBuilder(PolicyCatalog catalog, TierClassifier tiers) {
        this.catalog = catalog;
        this.tiers = tiers;
    }

    public HealthReport build(String region, Instant now, Duration period, List<ResourceCopies> estate, List<JobRecord> jobs,
                              Optional<List<DrillRecord>> drills, List<String> notes) {
        Instant start = now.minus(period);
        StoragePrices prices = catalog.prices();
        Map<String, Policy> policies = catalog.policies();
        Policy fallback = policies.getOrDefault(PolicyDocument.DEFAULT_POLICY_NAME, null);
        List<String> allNotes = new ArrayList<>(notes);
        List<JobRecord> inPeriod = jobs.stream().filter(j -> !j.time().isBefore(start) && j.time().isBefore(now))
                .sorted(Comparator.comparing(JobRecord::time)).toList();
        List<JobRecord> failures = inPeriod.stream().filter(JobRecord::failed).toList();

        Map<StorageClass, double[]> totals = new EnumMap<>(StorageClass.class);
        List<ResourceHealth> resources = new ArrayList<>();
        for (ResourceCopies resource : estate.stream().sorted(Comparator.comparing(ResourceCopies::source)).toList()) {
            ResourceReport assessed = resource.assessment();
            Policy policy = policies.get(assessed.policy());
            if (policy == null && !resource.copies().isEmpty()) {
                allNotes.add("Policy '" + assessed.policy() + "' of " + resource.source() + " is not in the policy document: its copies are "
                        + "sorted into the default policy's tiers.");
                policy = fallback;
            }
            Optional<Duration> rpo = assessed.rpoHours().map(hours -> Duration.ofSeconds(Math.round(hours * 3600)));
            Optional<Duration> age = assessed.newestCopyTime().map(t -> t.isAfter(now) ? Duration.ZERO : Duration.between(t, now));

            Map<String, Set<String>> kept = policy == null || resource.copies().isEmpty() ? Map.of() : tiers.tiers(policy, resource.copies());
            Map<String, Integer> perTier = new LinkedHashMap<>();
            Map<String, Double> gbPerTier = new LinkedHashMap<>();
            TIER_ORDER.forEach(tier -> {
                perTier.put(tier, 0);
                gbPerTier.put(tier, 0.0);
            });
            Map<StorageClass, Double> gb = new EnumMap<>(StorageClass.class);
            double cost = 0;
            for (CopyRecord copy : resource.copies()) {
                Set<String> keptIn = !copy.tiered() ? Set.of(HealthReport.VAULT_LIFECYCLE)
                        : kept.getOrDefault(copy.copyId(), Set.of()).isEmpty() ? Set.of(HealthReport.BEYOND_TIERS) : kept.get(copy.copyId());
                for (String tier : keptIn) {
                    perTier.merge(tier, 1, Integer::sum);
                    gbPerTier.merge(tier, copy.sizeGb(), Double::sum);
                }
                gb.merge(copy.storage(), copy.sizeGb(), Double::sum);
                double copyCost = copy.sizeGb() * copy.storage().pricePerGbMonth(prices);
                cost += copyCost;
                double[] total = totals.computeIfAbsent(copy.storage(), k -> new double[3]);
                total[0]++;
                total[1] += copy.sizeGb();
                total[2] += copyCost;
            }
            perTier.values().removeIf(count -> count == 0);
            gbPerTier.keySet().retainAll(perTier.keySet());
            int failed = (int) failures.stream().filter(f -> sameResource(f.resource(), resource.source())).count();
            resources.add(new ResourceHealth(resource.source(), assessed.resourceType(), assessed.policy(), rpo, assessed.newestCopyTime(),
                    age, RpoStatus.valueOf(assessed.status().name()), assessed.problem(), resource.copies().size(), perTier, gbPerTier, gb,
                    cost, failed));
        }

        Map<StorageClass, StorageTotal> storage = new EnumMap<>(StorageClass.class);
        totals.forEach((k, v) -> storage.put(k, new StorageTotal((int) v[0], v[1], v[2])));
        double monthly = storage.values().stream().mapToDouble(StorageTotal::monthlyCostUsd).sum();
        return new HealthReport(now, start, now, region, resources, jobsByDay(inPeriod, start, now), failures, storage, monthly,
                drills.map(HealthReportBuilder::latestPerResource), allNotes);
    }

    /** One entry per UTC day of the period, days without jobs included, so the chart's time axis has no gaps. */
    static List<DayOfJobs> jobsByDay(List<JobRecord> jobs, Instant start, Instant end) {
        Map<LocalDate, int[]> days = new LinkedHashMap<>();
        LocalDate last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
            days.put(day, new int[2]);
        }
        for (JobRecord job : jobs) {
            int[] counts = days.get(LocalDate.ofInstant(job.time(), ZoneOffset.UTC));
            if (counts != null) {
                counts[job.failed() ? 1 : 0]++;
            }
        }
        return days.entrySet().stream().map(e -> new DayOfJobs(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }

    private static List<DrillRow> latestPerResource(List<DrillRecord> drills) {
        Map<String, DrillRecord> latest = new TreeMap<>();
        for (DrillRecord drill : drills) {
            latest.merge(drill.source(), drill, (a, b) -> when(b).compareTo(when(a)) > 0 ? b : a);
        }
        return latest.values().stream().map(d -> new DrillRow(d.source(), d.drillId(), d.finishedAt(), d.outcome(), d.restoreSeconds(),
                d.error())).toList();
    }

    private static Instant when(DrillRecord drill) {
        return drill.finishedAt().or(drill::startedAt).orElse(Instant.EPOCH);
    }

    /** A job names its resource by ARN or by id; the copies' tag by ARN. */
    static boolean sameResource(String job, String source) {
        if (job == null || job.isBlank()) {
            return false;
        }
        return job.equals(source) || source.endsWith("/" + job) || source.endsWith(":" + job)
                || job.endsWith("/" + source) || job.endsWith(":" + source);
    }
}
