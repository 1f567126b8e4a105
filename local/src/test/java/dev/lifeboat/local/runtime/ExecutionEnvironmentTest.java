package dev.lifeboat.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers started by the real Runtime Interface Client (the build's copy, with its native part)
 * against {@link RuntimeApi}, with a task root that holds only the handler's class.
 */
class ExecutionEnvironmentTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:lifeboat-Probe";

    @TempDir
    static Path work;

    private static RuntimeInterfaceClient client;
    private static TaskRoot probeRoot;

    @BeforeAll
    static void taskRoots() {
        client = RuntimeInterfaceClient.of(RepoRoot.find(), System.getenv());
        probeRoot = TaskRoot.ofClasses(work, ProbeHandler.class, BrokenConstructorHandler.class);
    }

    @AfterAll
    static void removeTaskRoots() {
        probeRoot.close();
    }

    @Test
    void runsTheHandlerFromTheTaskRootThroughTheClientsClassLoaderWithLambdasContextAndEnvironment() throws Exception {
        // GIVEN a function with a variable of its own
        ExecutionEnvironment.Function function = probe(ProbeHandler.class.getName(), Map.of("POLICY_PARAMETER", "/lifeboat/policies"));

        // WHEN it starts cold and handles an event
        try (ExecutionEnvironment environment = ExecutionEnvironment.start(client, function, work)) {
            Duration init = environment.awaitInit(LambdaFunctions.INIT_TIMEOUT);
            ExecutionEnvironment.Invoked invoked = environment.invoke("{\"detail-type\": \"Scheduled Event\"}");

            // THEN the client loaded the handler from the task root (its working directory) with its own class loader,
            // through the no-arg constructor during init, and passed the Runtime API's headers on as the context
            JsonNode answer = Json.MAPPER.readTree(invoked.response());
            assertThat(answer.get("event").get("detail-type").asText()).isEqualTo("Scheduled Event");
            assertThat(answer.get("workingDirectory").asText()).isEqualTo(probeRoot.directory().toString());
            assertThat(answer.get("classLoader").asText()).isEqualTo("com.amazonaws.services.lambda.runtime.api.client.CustomerClassLoader");
            assertThat(answer.get("constructedBy").asText()).isEqualTo("main");
            assertThat(answer.get("invokedFunctionArn").asText()).isEqualTo(ARN);
            assertThat(answer.get("functionName").asText()).isEqualTo("lifeboat-Probe");
            assertThat(answer.get("memoryLimitInMB").asInt()).isEqualTo(512);
            assertThat(answer.get("remainingTimeInMillis").asLong()).isBetween(1L, 30_000L);
            assertThat(answer.get("requestId").asText()).hasSize(36);
            assertThat(answer.get("traceHeader").asText()).startsWith("Root=1-");
            assertThat(answer.get("logStreamName").asText()).contains("[$LATEST]");
            // and the process saw Lambda's reserved variables and the function's, nothing of this machine's
            JsonNode variables = answer.get("environment");
            assertThat(variables.get("POLICY_PARAMETER").asText()).isEqualTo("/lifeboat/policies");
            assertThat(variables.get("LAMBDA_TASK_ROOT").asText()).isEqualTo(probeRoot.directory().toString());
            assertThat(variables.get("_HANDLER").asText()).isEqualTo(ProbeHandler.class.getName());
            assertThat(variables.get("AWS_EXECUTION_ENV").asText()).isEqualTo("AWS_Lambda_java21");
            assertThat(variables.has("HOME")).as("HOME leaks into the function's environment").isFalse();
            // and what it printed is its log; the durations and the peak RSS were measured
            assertThat(invoked.log()).contains("{\"probe\": \"stdout\"}");
            assertThat(environment.jsonLines()).contains("{\"probe\": \"stdout\"}");
            assertThat(init).isPositive();
            assertThat(invoked.duration()).isPositive().isLessThan(init);
            assertThat(environment.peakRssBytes()).isPresent();
            assertThat(environment.peakRssBytes().getAsLong()).isGreaterThan(16L << 20);
        }
    }

    @Test
    void reportsWhatTheHandlerThrewAsTheInvocationsErrorAndKeepsServing() throws Exception {
        try (ExecutionEnvironment environment = ExecutionEnvironment.start(client, probe(ProbeHandler.class.getName(), Map.of()), work)) {
            environment.awaitInit(LambdaFunctions.INIT_TIMEOUT);

            // WHEN the handler throws, then gets a good event
            ExecutionEnvironment.Invoked failed = environment.invoke("{\"fail\": \"the ledger is unreachable\"}");
            ExecutionEnvironment.Invoked next = environment.invoke("{\"n\": 2}");

            // THEN the first is the invocation's error, with the exception's type and message; the environment lives on
            assertThat(failed.outcome()).isInstanceOfSatisfying(RuntimeApi.Outcome.Error.class, error -> {
                assertThat(error.errorType()).isEqualTo("Runtime.UserException");
                assertThat(error.body()).contains("java.lang.IllegalStateException").contains("the ledger is unreachable");
            });
            assertThatThrownBy(failed::response).hasMessageContaining("the ledger is unreachable");
            assertThat(Json.MAPPER.readTree(next.response()).get("event").get("n").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aConstructorThatThrowsIsAnInitErrorNamingTheCause() {
        try (ExecutionEnvironment environment = ExecutionEnvironment.start(client, probe(BrokenConstructorHandler.class.getName(), Map.of()), work)) {
            assertThatThrownBy(() -> environment.awaitInit(LambdaFunctions.INIT_TIMEOUT))
                    .isInstanceOf(ExecutionEnvironment.InitFailed.class)
                    .hasMessageContaining("failed to initialise")
                    .hasMessageContaining("LEDGER_TABLE is not set");
        }
    }

    @Test
    void aHandlerMissingFromTheTaskRootFailsTheFirstInvocationWithClassNotFound() {
        try (ExecutionEnvironment environment = ExecutionEnvironment.start(client, probe("dev.lifeboat.NoSuchHandler", Map.of()), work)) {
            environment.awaitInit(LambdaFunctions.INIT_TIMEOUT);

            ExecutionEnvironment.Invoked invoked = environment.invoke("{}");

            assertThat(invoked.outcome()).isInstanceOfSatisfying(RuntimeApi.Outcome.Error.class,
                    error -> assertThat(error.body()).contains("ClassNotFoundException").contains("dev.lifeboat.NoSuchHandler"));
        }
    }

    @Test
    void theNoOpHandlerMeasuresTheFloor() {
        try (TaskRoot floor = TaskRoot.ofClasses(work, NoOpHandler.class)) {
            ExecutionEnvironment.Function function = new ExecutionEnvironment.Function("lifeboat-Floor", ARN, NoOpHandler.class.getName(),
                    floor.directory(), Map.of(), 1024, Duration.ofSeconds(10));

            ColdStart coldStart = LambdaFunctions.measure(client, function, "{}", work);

            assertThat(coldStart.response()).isEqualTo("\"ok\"");
            assertThat(coldStart.total()).isEqualTo(coldStart.init().plus(coldStart.firstInvoke()));
            assertThat(coldStart.peakRssBytes()).isPresent();
        }
    }

    private static ExecutionEnvironment.Function probe(String handler, Map<String, String> variables) {
        return new ExecutionEnvironment.Function("lifeboat-Probe", ARN, handler, probeRoot.directory(), variables, 512, Duration.ofSeconds(30));
    }
}
