package dev.lifeboat.backupmetrics;

import static dev.lifeboat.backupmetrics.MetricNames.JOB_TYPE;
import static dev.lifeboat.backupmetrics.MetricNames.REGION;
import static dev.lifeboat.backupmetrics.MetricNames.RESOURCE_TYPE;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.jobs.JobEvent;
import dev.lifeboat.shared.jobs.JobOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * What each job event means in numbers: jobs completed and failed (by job type, resource type
 * and region, and by region alone for alarms), copy latency, restore duration; and, per protected
 * resource, the last successful backup and copy. A duplicate delivery of an event counts nothing.
 * On the schedule, {@link #checkRecoveryPoints()} measures every resource's newest recovery point against the RPO.
 */
public final class JobMetricsService {

    private final RecoveryPointLedger ledger;
    private final CopyProvenance provenance;
    private final Duration rpo;
    private final String region;
    private final Clock clock;

    public JobMetricsService(RecoveryPointLedger ledger, CopyProvenance provenance, Duration rpo, String region, Clock clock) {
        this.ledger = ledger;
        this.provenance = provenance;
        this.rpo = rpo;
        this.region = region;
        this.clock = clock;
    }

    /** The metrics for one job event; empty for a job still running or an event already counted. */
    public List<MetricPoint> record(JobEvent job) {
        if (job.outcome() == JobOutcome.IN_PROGRESS
                || !ledger.claim(job.eventId() + "|" + job.jobId() + "|" + job.recoveryPoint() + "|" + job.state())) {
            return List.of();
        }
        Map<String, String> byJob = Map.of(JOB_TYPE, job.type().dimension(), RESOURCE_TYPE, dimension(job.resourceType()),
                REGION, job.region());
        Map<String, String> byRegion = Map.of(REGION, job.region());
        List<MetricPoint> points = new ArrayList<>();
        if (job.outcome() == JobOutcome.FAILED) {
            points.add(new MetricPoint(MetricNames.JOBS_FAILED, 1, MetricUnit.COUNT, byJob));
            points.add(new MetricPoint(MetricNames.JOBS_FAILED, 1, MetricUnit.COUNT, byRegion));
            return points;
        }
        points.add(new MetricPoint(MetricNames.JOBS_COMPLETED, 1, MetricUnit.COUNT, byJob));
        points.add(new MetricPoint(MetricNames.JOBS_COMPLETED, 1, MetricUnit.COUNT, byRegion));
        Instant completed = job.completedAt().orElse(job.time());
        switch (job.type()) {
            case BACKUP -> {
                ledger.recordBackup(job.resource(), job.resourceType(), completed);
                ledger.rememberRecoveryPoint(job.recoveryPoint(), job.startedAt().orElse(completed));
            }
            case COPY -> {
                Optional<CopyProvenance.Source> source = sourceOf(job);
                ledger.recordCopy(source.map(CopyProvenance.Source::resource).orElse(job.resource()), job.resourceType(), completed);
                source.map(CopyProvenance.Source::createdAt)
                        .filter(created -> !created.isAfter(completed))
                        .ifPresent(created -> points.add(new MetricPoint(MetricNames.COPY_LATENCY,
                                seconds(Duration.between(created, completed)), MetricUnit.SECONDS, byJob)));
            }
            case RESTORE -> job.duration().ifPresent(duration ->
                    points.add(new MetricPoint(MetricNames.RESTORE_DURATION, seconds(duration), MetricUnit.SECONDS, byJob)));
            case SNAPSHOT_POLICY, REPLICATION -> { }
        }
        return points;
    }

    /** Newest recovery point per protected resource against the RPO. */
    public List<MetricPoint> checkRecoveryPoints() {
        Instant now = clock.instant();
        Map<String, String> byRegion = Map.of(REGION, region);
        long beyond = 0;
        Duration oldest = Duration.ZERO;
        List<RecoveryPointLedger.ResourceRecord> resources = ledger.resources();
        for (RecoveryPointLedger.ResourceRecord resource : resources) {
            Optional<Instant> newest = resource.newestRecoveryPoint();
            if (newest.isEmpty()) {
                continue;
            }
            Duration age = Duration.between(newest.get(), now);
            if (age.compareTo(oldest) > 0) {
                oldest = age;
            }
            if (age.compareTo(rpo) > 0) {
                beyond++;
            }
        }
        return List.of(
                new MetricPoint(MetricNames.PROTECTED_RESOURCES, resources.size(), MetricUnit.COUNT, byRegion),
                new MetricPoint(MetricNames.RESOURCES_BEYOND_RPO, beyond, MetricUnit.COUNT, byRegion),
                new MetricPoint(MetricNames.OLDEST_RECOVERY_POINT_AGE, seconds(oldest), MetricUnit.SECONDS, byRegion));
    }

    /** Where the copy came from: an EBS copy's own tags, or the AWS Backup recovery point this function saw created. */
    private Optional<CopyProvenance.Source> sourceOf(JobEvent copy) {
        if (copy.source().equals("aws.ec2")) {
            return provenance.ofEbsCopy(copy.jobId());
        }
        if (copy.source().equals("aws.backup")) {
            return ledger.recoveryPointCreated(copy.recoveryPoint()).map(created -> new CopyProvenance.Source(copy.resource(), created));
        }
        return Optional.empty();
    }

    /** A resource type as a dimension value: bounded and printable, since it comes from the event. */
    private static String dimension(String value) {
        String safe = SafeText.bounded(value, 64).replaceAll("[^A-Za-z0-9._:/-]", "_");
        return safe.isBlank() ? "unknown" : safe;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
