package dev.lifeboat.healthreport;

import dev.lifeboat.healthreport.HealthReport.DayOfJobs;
import dev.lifeboat.healthreport.HealthReport.DrillRow;
import dev.lifeboat.healthreport.HealthReport.ResourceHealth;
import dev.lifeboat.healthreport.HealthReport.RpoStatus;
import dev.lifeboat.healthreport.HealthReport.StorageTotal;
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

/** Computes a {@link HealthReport} from what the estate, the policies, the job history and the drills say. Pure. */
public final class HealthReportBuilder {

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
            Policy policy = policies.get(resource.policy());
            if (policy == null) {
                allNotes.add("Policy '" + resource.policy() + "' of " + resource.source() + " is not in the policy document; "
                        + "measured against the default policy.");
                policy = fallback;
            }
            Duration rpo = policy == null ? Duration.ofHours(24) : policy.rpo();
            Optional<Instant> newest = resource.copies().stream().map(CopyRecord::createdAt).max(Comparator.naturalOrder());
            Optional<Duration> age = newest.map(t -> t.isAfter(now) ? Duration.ZERO : Duration.between(t, now));
            RpoStatus status = age.map(a -> a.compareTo(rpo) > 0 ? RpoStatus.BREACH : RpoStatus.COMPLIANT).orElse(RpoStatus.NO_COPY);

            Map<String, Integer> perTier = new TreeMap<>();
            if (policy != null && !resource.copies().isEmpty()) {
                Map<String, Set<String>> kept = tiers.tiers(policy, resource.copies(), now);
                for (CopyRecord copy : resource.copies()) {
                    for (String tier : kept.getOrDefault(copy.copyId(), Set.of())) {
                        perTier.merge(tier, 1, Integer::sum);
                    }
                }
            }
            Map<StorageClass, Double> gb = new EnumMap<>(StorageClass.class);
            double cost = 0;
            for (CopyRecord copy : resource.copies()) {
                gb.merge(copy.storage(), copy.sizeGb(), Double::sum);
                double copyCost = copy.sizeGb() * copy.storage().pricePerGbMonth(prices);
                cost += copyCost;
                double[] total = totals.computeIfAbsent(copy.storage(), k -> new double[3]);
                total[0]++;
                total[1] += copy.sizeGb();
                total[2] += copyCost;
            }
            int failed = (int) failures.stream().filter(f -> sameResource(f.resource(), resource.source())).count();
            resources.add(new ResourceHealth(resource.source(), resource.resourceType(), resource.policy(), rpo, newest, age, status,
                    resource.copies().size(), perTier, gb, cost, failed));
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
