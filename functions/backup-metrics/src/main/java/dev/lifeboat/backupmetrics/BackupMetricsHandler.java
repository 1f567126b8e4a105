package dev.lifeboat.backupmetrics;

import static dev.lifeboat.shared.config.FunctionEnvironment.required;

import dev.lifeboat.shared.config.FunctionEnvironment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.event.EventEnvelope;
import dev.lifeboat.shared.event.InvalidEventException;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.jobs.JobEvent;
import dev.lifeboat.shared.jobs.JobEvents;
import dev.lifeboat.shared.jobs.JobOutcome;
import dev.lifeboat.shared.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The metrics function. Its input is an EventBridge event from a job rule (AWS Backup, EBS, RDS,
 * Step Functions), or the schedule's {@code Scheduled Event}, which checks recovery-point age
 * against the RPO. Each metric is printed as its own EMF document with exactly its dimensions.
 * When {@code JOB_HISTORY_TABLE} is set, every finished job is also written to that table for the
 * health report ({@link DynamoDbJobHistoryWriter} gives the item layout). It answers {@code {"metrics": n}}.
 */
public final class BackupMetricsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(BackupMetricsHandler.class);
    private static final String SCHEDULED_EVENT = "Scheduled Event";

    private final JobMetricsService service;
    private final Optional<JobHistoryWriter> history;
    private final String metricsNamespace;
    private final String region;

    /** Production wiring: clients from the Lambda environment, built once per execution environment. */
    public BackupMetricsHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    /** Wiring from an explicit environment: the local runtime and tests. */
    public BackupMetricsHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public BackupMetricsHandler(JobMetricsService service, String metricsNamespace, String region) {
        this(service, Optional.empty(), metricsNamespace, region);
    }

    public BackupMetricsHandler(JobMetricsService service, Optional<JobHistoryWriter> history, String metricsNamespace, String region) {
        this.service = service;
        this.history = history;
        this.metricsNamespace = metricsNamespace;
        this.region = region;
    }

    private BackupMetricsHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(environment, clients, clients.client(DynamoDbClient.builder(), "DYNAMODB"));
    }

    private BackupMetricsHandler(Map<String, String> environment, AwsClientFactory clients, DynamoDbClient dynamoDb) {
        this(new JobMetricsService(
                new DynamoDbRecoveryPointLedger(dynamoDb, required(environment, "METRICS_TABLE"), Clock.systemUTC()),
                new Ec2CopyProvenance(clients.client(Ec2Client.builder(), "EC2")),
                Duration.ofHours(FunctionEnvironment.wholeNumber(environment, "RPO_HOURS", 24, 1, 8_760)),
                clients.homeRegion().id(), Clock.systemUTC()),
                Optional.ofNullable(environment.get("JOB_HISTORY_TABLE")).map(String::trim).filter(table -> !table.isEmpty())
                        .map(table -> new DynamoDbJobHistoryWriter(dynamoDb, table)),
                environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", MetricNames.NAMESPACE),
                clients.homeRegion().id());
    }

    /**
     * Writes the job to the history (every delivery: the write is idempotent). A failed write fails the
     * invocation, so EventBridge retries it; the metrics ledger keeps the retry from counting the job twice.
     */
    private void remember(JobEvent job) {
        if (history.isEmpty() || job.outcome() == JobOutcome.IN_PROGRESS) {
            return;
        }
        try {
            history.get().record(job);
        } catch (RuntimeException e) {
            LOG.error("Cannot record {} {} ({}): {}", job.type().dimension(), SafeText.bounded(job.jobId(), 200),
                    SafeText.bounded(job.state(), 40), SafeText.bounded(String.valueOf(e.getMessage()), 300),
                    entry("eventId", SafeText.bounded(job.eventId(), 120)));
            throw e;
        }
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private Map<String, Object> handle(Map<String, Object> event) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(metricsNamespace);
        // every metric carries exactly the dimensions the dashboard and alarms name: no Service dimension
        metrics.clearDefaultDimensions();
        List<MetricPoint> points = new ArrayList<>();
        try {
            JsonNode root = Json.MAPPER.valueToTree(event);
            if (root != null && SCHEDULED_EVENT.equals(root.path("detail-type").asText())) {
                points.addAll(service.checkRecoveryPoints());
            } else {
                EventEnvelope envelope = EventEnvelope.fromJson(root);
                List<JobEvent> jobs = JobEvents.from(envelope);
                for (JobEvent job : jobs) {
                    List<MetricPoint> recorded = service.record(job);
                    if (recorded.isEmpty()) {
                        LOG.info("Nothing to count for {} {} ({}): still running, or already counted", job.type().dimension(),
                                SafeText.bounded(job.jobId(), 200), SafeText.bounded(job.state(), 40),
                                entry("eventId", SafeText.bounded(job.eventId(), 120)));
                    }
                    points.addAll(recorded);
                    remember(job);
                }
                if (jobs.isEmpty()) {
                    LOG.info("No job in {} event {}", JobEvents.describe(envelope), SafeText.bounded(envelope.id(), 80));
                }
            }
        } catch (InvalidEventException e) {
            LOG.error("Rejected event: {}", e.getMessage(), entry("invalidField", e.field()));
            points.add(new MetricPoint(MetricNames.INVALID_EVENTS, 1, MetricUnit.COUNT, Map.of(MetricNames.REGION, region)));
        } finally {
            for (MetricPoint point : points) {
                metrics.flushSingleMetric(point.name(), point.value(), point.unit(), metricsNamespace, DimensionSet.of(point.dimensions()));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("metrics", points.size());
        return result;
    }
}
