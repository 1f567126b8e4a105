package dev.lifeboat.startrestore;

import static dev.lifeboat.shared.config.FunctionEnvironment.required;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.restore.InvalidRestoreRequestException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Target of the recovery bus's {@code Restore Requested} rule: starts the restore workflow and
 * answers the execution's ARN. An invalid request is logged and answered as rejected, never thrown:
 * EventBridge would only retry it, and the same event cannot get better.
 */
public final class StartRestoreHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(StartRestoreHandler.class);

    private final RestoreStarter starter;
    private final String metricsNamespace;

    /** Production wiring: the client from the Lambda environment, built once. */
    public StartRestoreHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    /** Wiring from an explicit environment: the local runtime and tests. */
    public StartRestoreHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public StartRestoreHandler(RestoreStarter starter, String metricsNamespace) {
        this.starter = starter;
        this.metricsNamespace = metricsNamespace;
    }

    private StartRestoreHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(new RestoreStarter(new StepFunctionsRestoreExecutions(clients.client(SfnClient.builder(), "SFN"),
                        required(environment, "RESTORE_STATE_MACHINE_ARN"))),
                environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private Map<String, Object> handle(Map<String, Object> event) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(metricsNamespace);
        try {
            JsonNode json = Json.MAPPER.valueToTree(event);
            String eventId = json.path("id").asText("");
            ObjectNode answer;
            try {
                answer = starter.start(json);
            } catch (InvalidRestoreRequestException e) {
                LOG.error("Rejected restore request in event {}: {}", eventId, e.getMessage(),
                        entry("eventId", eventId), entry("invalidField", e.field()));
                metrics.addMetric("RestoreRequestsRejected", 1, MetricUnit.COUNT);
                answer = Json.MAPPER.createObjectNode();
                answer.put("rejected", e.getMessage());
                return Json.MAPPER.convertValue(answer, new TypeReference<Map<String, Object>>() { });
            }
            if (answer.path("started").asBoolean()) {
                LOG.info("Started restore {}", answer.path("executionArn").asText(), entry("eventId", eventId));
                metrics.addMetric("RestoresStarted", 1, MetricUnit.COUNT);
            } else {
                LOG.info("Restore {} was already started: nothing new", answer.path("executionArn").asText(), entry("eventId", eventId));
                metrics.addMetric("DuplicateRestoreRequests", 1, MetricUnit.COUNT);
            }
            return Json.MAPPER.convertValue(answer, new TypeReference<Map<String, Object>>() { });
        } finally {
            metrics.flush();
        }
    }
}
