package dev.lifeboat.failurealert;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The alert function. Its input is one of: an EventBridge event from a failure rule (AWS Backup,
 * EBS, RDS, Step Functions, DLM, S3 on Outposts); an S3 Event Notification with replication
 * failures; or the schedule's {@code Scheduled Event}, which sends the summaries of folded repeats.
 * It answers what it did: {@code {"sent": n, "folded": n, "duplicates": n, "ignored": n}}.
 */
public final class FailureAlertHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(FailureAlertHandler.class);
    private static final String SCHEDULED_EVENT = "Scheduled Event";

    private final FailureAlertService service;
    private final String metricsNamespace;

    /** Production wiring: clients from the Lambda environment, built once per execution environment. */
    public FailureAlertHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    /** Wiring from an explicit environment: the local runtime and tests. */
    public FailureAlertHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public FailureAlertHandler(FailureAlertService service, String metricsNamespace) {
        this.service = service;
        this.metricsNamespace = metricsNamespace;
    }

    private FailureAlertHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(new FailureAlertService(
                new DynamoDbFoldStore(clients.client(DynamoDbClient.builder(), "DYNAMODB"), required(environment, "ALERT_TABLE")),
                new SnsAlertSink(clients.client(SnsClient.builder(), "SNS"), required(environment, "ALERT_TOPIC_ARN")),
                new AlertRenderer(),
                Duration.ofMinutes(FunctionEnvironment.wholeNumber(environment, "ALERT_FOLD_WINDOW_MINUTES", 60, 1, 10_080)),
                Clock.systemUTC()),
                environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private Map<String, Object> handle(Map<String, Object> event) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(metricsNamespace);
        Tally tally = new Tally();
        try {
            JsonNode root = Json.MAPPER.valueToTree(event);
            if (root != null && root.has("Records")) {
                JobEvents.fromS3Notification(root).forEach(failure -> alert(failure, tally));
            } else if (root != null && SCHEDULED_EVENT.equals(root.path("detail-type").asText())) {
                List<AlertMessage> summaries = service.sendSummaries();
                summaries.forEach(summary -> LOG.info("Sent summary of folded repeats: {}", summary.subject()));
                tally.sent += summaries.size();
            } else {
                EventEnvelope envelope = EventEnvelope.fromJson(root);
                List<JobEvent> jobs = JobEvents.from(envelope);
                for (JobEvent job : jobs) {
                    if (job.outcome() == JobOutcome.FAILED) {
                        alert(job, tally);
                    } else {
                        tally.ignored++;
                    }
                }
                if (jobs.isEmpty()) {
                    LOG.info("No failure in {} event {}: nothing to alert", JobEvents.describe(envelope), SafeText.bounded(envelope.id(), 80));
                    tally.ignored++;
                }
            }
        } catch (InvalidEventException e) {
            // an event we cannot read says nothing reliable to alert on; the log line names what to fix
            LOG.error("Rejected event: {}", e.getMessage(), entry("invalidField", e.field()));
            metrics.addMetric("InvalidEvents", 1, MetricUnit.COUNT);
            tally.rejected++;
        } finally {
            if (tally.sent > 0) {
                metrics.addMetric("AlertsSent", tally.sent, MetricUnit.COUNT);
            }
            if (tally.folded > 0) {
                metrics.addMetric("AlertsFolded", tally.folded, MetricUnit.COUNT);
            }
            metrics.flush();
        }
        return tally.asMap();
    }

    private void alert(JobEvent failure, Tally tally) {
        switch (service.handle(failure)) {
            case AlertOutcome.Sent sent -> {
                LOG.info("Alert sent: {}", sent.message().subject(), entry("eventId", SafeText.bounded(failure.eventId(), 120)),
                        entry("foldedRepeats", sent.foldedRepeats()));
                tally.sent++;
            }
            case AlertOutcome.Folded folded -> {
                LOG.info("Repeat of {} folded ({} pending)", failure.failure().orElseThrow().title(), folded.pendingRepeats(),
                        entry("eventId", SafeText.bounded(failure.eventId(), 120)));
                tally.folded++;
            }
            case AlertOutcome.Duplicate duplicate -> {
                LOG.info("Event {} was already handled: nothing to send", SafeText.bounded(failure.eventId(), 120));
                tally.duplicates++;
            }
        }
    }

    private static final class Tally {
        int sent;
        int folded;
        int duplicates;
        int ignored;
        int rejected;

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("sent", sent);
            map.put("folded", folded);
            map.put("duplicates", duplicates);
            map.put("ignored", ignored);
            map.put("rejected", rejected);
            return map;
        }
    }
}
