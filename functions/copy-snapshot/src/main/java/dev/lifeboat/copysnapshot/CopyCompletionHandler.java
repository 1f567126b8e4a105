package dev.lifeboat.copysnapshot;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.event.EventEnvelope;
import dev.lifeboat.shared.event.InvalidEventException;
import dev.lifeboat.shared.ledger.DynamoDbLedger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Consumes the completion queue: each SQS record holds one event about a copy (EBS
 * {@code copySnapshot}, RDS cross-Region copy events, AWS Backup {@code Copy Job State Change}).
 * The ledger lives in the primary Region ({@code LEDGER_REGION}), wherever this function runs.
 */
public final class CopyCompletionHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(CopyCompletionHandler.class);

    private final CopyCompletionService service;
    private final String metricsNamespace;

    public CopyCompletionHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    public CopyCompletionHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public CopyCompletionHandler(CopyCompletionService service, String metricsNamespace) {
        this.service = service;
        this.metricsNamespace = metricsNamespace;
    }

    private CopyCompletionHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(completionService(environment, clients), environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"));
    }

    static CopyCompletionService completionService(Map<String, String> environment, AwsClientFactory clients) {
        String table = environment.get("LEDGER_TABLE");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable LEDGER_TABLE is not set (see template.yaml)");
        }
        Region ledgerRegion = Region.of(environment.getOrDefault("LEDGER_REGION", clients.homeRegion().id()));
        String topic = environment.get("ALERT_TOPIC_ARN");
        return new CopyCompletionService(
                new DynamoDbLedger(clients.client(DynamoDbClient.builder(), "DYNAMODB", ledgerRegion), table, Clock.systemUTC()),
                new SnsAlertSink(topic == null || topic.isBlank() ? null : clients.client(SnsClient.builder(), "SNS"), topic));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private SQSBatchResponse handle(SQSEvent event) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(metricsNamespace);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        try {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            for (SQSEvent.SQSMessage record : records) {
                if (!handleRecord(record, metrics)) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
                }
            }
        } finally {
            metrics.flush();
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private boolean handleRecord(SQSEvent.SQSMessage record, Metrics metrics) {
        String messageId = record.getMessageId();
        try {
            switch (service.handle(EventEnvelope.parse(record.getBody()))) {
                case CopyCompletionService.Completion.Settled settled -> {
                    LOG.info("Copy {} ({}) {}", settled.copyId(), settled.resourceType(), settled.succeeded() ? "completed" : "failed",
                            entry("messageId", messageId), entry("succeeded", settled.succeeded()));
                    metrics.addMetric(settled.succeeded() ? "CopiesCompleted" : "CopiesFailed", 1, MetricUnit.COUNT);
                }
                case CopyCompletionService.Completion.Ignored ignored ->
                        LOG.info("Nothing to settle: {}", ignored.reason(), entry("messageId", messageId));
            }
            return true;
        } catch (InvalidEventException e) {
            LOG.error("Rejected record {}: {}", messageId, e.getMessage(), entry("messageId", messageId), entry("invalidField", e.field()));
            metrics.addMetric("InvalidEvents", 1, MetricUnit.COUNT);
            return false;
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure on record {}", messageId, e);
            return false;
        }
    }
}
