package dev.lifeboat.restorevalidate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The restore workflow's validation task. Its input is {@code {"request", "plan", "restoredId",
 * "startedAt"}} (the workflow's state); its result is {@link RestoreValidator}'s answer. A failed
 * check is an answer ({@code passed: false}), which the workflow turns into a reported failure.
 */
public final class RestoreValidateHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreValidateHandler.class);

    private final RestoreValidator validator;
    private final String metricsNamespace;

    /** Production wiring: clients from the Lambda environment, each built on first use. */
    public RestoreValidateHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    /** Wiring from an explicit environment: the local runtime and tests. */
    public RestoreValidateHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public RestoreValidateHandler(RestoreValidator validator, String metricsNamespace) {
        this.validator = validator;
        this.metricsNamespace = metricsNamespace;
    }

    private RestoreValidateHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(validator(clients), environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"));
    }

    private static RestoreValidator validator(AwsClientFactory clients) {
        Supplier<SecretsManagerClient> secrets = memoize(() -> clients.client(SecretsManagerClient.builder(), "SECRETS_MANAGER"));
        return new RestoreValidator(
                new RecoveryRegionResources(
                        memoize(() -> clients.client(Ec2Client.builder(), "EC2")),
                        memoize(() -> clients.client(RdsClient.builder(), "RDS")),
                        memoize(() -> new RestJsonApi(clients.httpClient(), clients.credentials(), "backup",
                                clients.homeRegion().id(), clients.endpointFor("BACKUP")))),
                new NetworkProbes(secretId -> secrets.get().getSecretValue(r -> r.secretId(secretId)).secretString()),
                Clock.systemUTC());
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
            JsonNode plan = json.path("plan");
            String execution = plan.path("execution").asText("");
            ObjectNode answer = validator.validate(json.get("request"), plan, json.path("restoredId").asText(""),
                    json.path("startedAt").asText(""));
            boolean passed = answer.path("passed").asBoolean();
            if (passed) {
                LOG.info("Restore {} validated: {}", SafeText.bounded(execution, 80), answer.path("summary").asText(),
                        entry("execution", execution), entry("checks", answer.path("checks").toString()));
            } else {
                LOG.warn("Restore {} failed validation: {}", SafeText.bounded(execution, 80), answer.path("summary").asText(),
                        entry("execution", execution), entry("checks", answer.path("checks").toString()));
            }
            metrics.addMetric(passed ? "RestoreValidationsPassed" : "RestoreValidationsFailed", 1, MetricUnit.COUNT);
            return Json.MAPPER.convertValue(answer, new TypeReference<Map<String, Object>>() { });
        } finally {
            metrics.flush();
        }
    }

    /** Builds the client on first use: a validation touches one or two services, not all of them. */
    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        AtomicReference<T> value = new AtomicReference<>();
        return () -> value.updateAndGet(current -> current == null ? supplier.get() : current);
    }
}
