package dev.lifeboat.resolverecoverypoint;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The restore workflow's first task. Its input is {@code {"request": <the workflow input>,
 * "execution": <execution name>}}; its result is the workflow's next state (see
 * {@link RecoveryPointResolver}). A request that cannot be carried out is an answer, not an
 * exception: the workflow reports it, naming the field or what is missing.
 */
public final class ResolveRecoveryPointHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ResolveRecoveryPointHandler.class);

    private final RecoveryPointResolver resolver;
    private final String metricsNamespace;

    /** Production wiring: clients from the Lambda environment, each built on first use. */
    public ResolveRecoveryPointHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    /** Wiring from an explicit environment: the local runtime and tests. */
    public ResolveRecoveryPointHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public ResolveRecoveryPointHandler(RecoveryPointResolver resolver, String metricsNamespace) {
        this.resolver = resolver;
        this.metricsNamespace = metricsNamespace;
    }

    private ResolveRecoveryPointHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(resolver(ResolverSettings.fromEnvironment(environment), clients),
                environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"));
    }

    private static RecoveryPointResolver resolver(ResolverSettings settings, AwsClientFactory clients) {
        String region = clients.homeRegion().id();
        return new RecoveryPointResolver(new RecoveryRegionCopies(
                () -> clients.client(Ec2Client.builder(), "EC2"),
                () -> clients.client(RdsClient.builder(), "RDS"),
                () -> new BackupVaultApi(new RestJsonApi(clients.httpClient(), clients.credentials(), "backup", region, clients.endpointFor("BACKUP"))),
                settings.backupVault(), region), settings, region);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(input));
    }

    private Map<String, Object> handle(Map<String, Object> input) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(metricsNamespace);
        try {
            JsonNode json = Json.MAPPER.valueToTree(input == null ? Map.of() : input);
            String execution = json.path("execution").asText("");
            ObjectNode state = resolver.resolve(json.get("request"), execution.isEmpty() ? "local" : execution);
            if (state.has("failure")) {
                LOG.warn("Restore {} cannot start: {}: {}", SafeText.bounded(execution, 80), state.path("failure").path("error").asText(),
                        state.path("failure").path("cause").asText(), entry("execution", execution));
                metrics.addMetric("RestoresRejected", 1, MetricUnit.COUNT);
            } else {
                JsonNode plan = state.path("plan");
                LOG.info("Restore {} of {} {} from {} as {}", SafeText.bounded(execution, 80), plan.path("resourceType").asText(),
                        SafeText.bounded(plan.path("sourceResource").asText(), 200), plan.path("recoveryPoint").path("id").asText(),
                        plan.path("targetIdentifier").asText(), entry("execution", execution));
            }
            return Json.MAPPER.convertValue(state, new TypeReference<Map<String, Object>>() { });
        } finally {
            metrics.flush();
        }
    }
}
