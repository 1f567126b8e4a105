package dev.lifeboat.local.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionInvokerTest {

    private static final String ENDPOINT = "http://127.0.0.1:4566";
    private static final Map<String, String> PROCESS = Map.of("AWS_ENDPOINT_URL", ENDPOINT);

    private final Template template = Template.load(testTemplate());
    private final FunctionInvoker invoker = new FunctionInvoker(template, Map.of(), PROCESS);

    @Test
    void bareEventBridgeEventIsDeliveredAsOneSqsRecordFromTheFunctionsQueue() throws IOException {
        // GIVEN an EventBridge event, as a rule would send it to the queue that feeds the function
        String event = Files.readString(RepoRoot.find().resolve("events/ebs-create-snapshot-succeeded.json"));

        // WHEN the SQS-fed function is invoked with it
        JsonNode answer = success(invoker.invoke("RecordingFunction", event, Map.of()));

        // THEN the handler receives one SQS record whose body is the event, from the queue's local ARN
        assertThat(answer.path("records")).hasSize(1);
        JsonNode record = answer.path("records").get(0);
        assertThat(record.path("body").asText()).isEqualTo(event);
        assertThat(record.path("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(record.path("eventSourceArn").asText()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:lifeboat-Queue");
        assertThat(record.path("receiveCount").asText()).isEqualTo("1");
        assertThat(UUID.fromString(record.path("messageId").asText())).isNotNull();
    }

    @Test
    void sqsEventPassesThroughUnchanged() throws IOException {
        // GIVEN an SQS event of two messages
        String event = """
                {"Records": [
                  {"messageId": "m-1", "body": "one", "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q",
                   "attributes": {"ApproximateReceiveCount": "3"}},
                  {"messageId": "m-2", "body": "two", "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q",
                   "attributes": {"ApproximateReceiveCount": "1"}}]}
                """;

        // WHEN the SQS-fed function is invoked with it
        JsonNode answer = success(invoker.invoke("RecordingFunction", event, Map.of()));

        // THEN the handler receives both messages as they were
        assertThat(answer.path("records").findValuesAsText("messageId")).containsExactly("m-1", "m-2");
        assertThat(answer.path("records").findValuesAsText("receiveCount")).containsExactly("3", "1");
        assertThat(answer.path("records").get(0).path("eventSourceArn").asText()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:q");
    }

    @Test
    void eventThatIsNeitherSqsNorEventBridgeIsRejectedForAnSqsFedFunction() {
        assertThatThrownBy(() -> invoker.invoke("RecordingFunction", "{\"hello\": 1}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RecordingFunction is fed by SQS");
    }

    @Test
    void handlerGetsTheTemplatesVariablesResolvedToLocalNamesAndPointedAtTheEmulator() throws IOException {
        // WHEN a primary function is invoked
        JsonNode environment = success(invoker.invoke("RecordingFunction", sqsEvent(), Map.of())).path("environment");

        // THEN its environment holds Globals' and its own variables, evaluated for the primary stack
        assertThat(text(environment, "TABLE")).isEqualTo("lifeboat-Table");
        assertThat(text(environment, "GREETING")).isEqualTo("hello from us-east-1");
        assertThat(text(environment, "SHARED")).isEqualTo("from-globals");
        assertThat(text(environment, "OVERRIDDEN")).isEqualTo("from-function");
        // AND what Lambda and the emulator add
        assertThat(text(environment, "AWS_REGION")).isEqualTo("us-east-1");
        assertThat(text(environment, "AWS_DEFAULT_REGION")).isEqualTo("us-east-1");
        assertThat(text(environment, "AWS_ENDPOINT_URL")).isEqualTo(ENDPOINT);
        assertThat(text(environment, "AWS_ACCESS_KEY_ID")).isEqualTo("test");
        assertThat(text(environment, "AWS_SECRET_ACCESS_KEY")).isEqualTo("test");
        assertThat(text(environment, "AWS_LAMBDA_FUNCTION_NAME")).isEqualTo("lifeboat-recording");
        assertThat(text(environment, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE")).isEqualTo("512");
        assertThat(text(environment, "AWS_EMF_ENVIRONMENT")).isEqualTo("Local");
    }

    @Test
    void environmentOverrideWinsOverTemplateAndEmulatorVariables() throws IOException {
        JsonNode environment = success(invoker.invoke("RecordingFunction", sqsEvent(),
                Map.of("OVERRIDDEN", "from-command-line", "AWS_REGION", "eu-central-1"))).path("environment");

        assertThat(text(environment, "OVERRIDDEN")).isEqualTo("from-command-line");
        assertThat(text(environment, "AWS_REGION")).isEqualTo("eu-central-1");
    }

    @Test
    void parameterOverrideChangesTheResolvedVariables() {
        FunctionInvoker withGreeting = new FunctionInvoker(template, Map.of("Greeting", "hi"), PROCESS);

        assertThat(withGreeting.environment("RecordingFunction", Map.of())).containsEntry("GREETING", "hi from us-east-1");
    }

    @Test
    void recoveryFunctionRunsInTheRecoveryRegion() throws IOException {
        JsonNode environment = success(invoker.invoke("RecoverySideFunction", "{}", Map.of()));

        assertThat(text(environment, "AWS_REGION")).isEqualTo("us-west-2");
        assertThat(text(environment, "AWS_LAMBDA_FUNCTION_NAME")).isEqualTo("lifeboat-RecoverySideFunction");
        assertThat(text(environment, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE")).isEqualTo("2048");
    }

    @Test
    void contextCarriesFunctionNameMemoryAndRemainingTimeFromTheTemplate() throws IOException {
        JsonNode answer = success(invoker.invoke("RecordingFunction", sqsEvent(), Map.of()));

        assertThat(answer.path("functionName").asText()).isEqualTo("lifeboat-recording");
        assertThat(answer.path("memoryLimitInMB").asInt()).isEqualTo(512);
        assertThat(answer.path("remainingTimeInMillis").asInt()).isBetween(1, 30_000);
    }

    @Test
    void handlerExceptionIsAFailureNamingItsTypeAndMessage() {
        InvocationResult result = invoker.invoke("FailingFunction", "{}", Map.of());

        assertThat(result).isInstanceOfSatisfying(InvocationResult.Failure.class, failure -> {
            assertThat(failure.errorType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(failure.errorMessage()).isEqualTo("ledger unavailable");
            assertThat(failure.stackTrace()).anyMatch(frame -> frame.contains("FailingHandler.handleRequest"));
        });
    }

    @Test
    void unknownFunctionIsAnErrorNamingIt() {
        assertThatThrownBy(() -> invoker.invoke("NoSuchFunction", "{}", Map.of()))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("'NoSuchFunction'")
                .hasMessageContaining("RecordingFunction");
    }

    @Test
    void invocationWithoutAnEmulatorEndpointFailsSayingSo() {
        FunctionInvoker withoutEndpoint = new FunctionInvoker(template, Map.of(), Map.of());

        assertThatThrownBy(() -> withoutEndpoint.invoke("FailingFunction", "{}", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL is not set");
    }

    @Test
    void whatTheHandlerPrintsGoesToStderrSoStdoutCarriesOnlyTheResult() {
        // GIVEN stdout and stderr captured
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // WHEN a handler that prints and logs is invoked
            invoker.invoke("RecordingFunction", sqsEvent(), Map.of());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }

        // THEN both went to stderr, and stdout is as it was
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("RecordingHandler writes this to stdout", "RecordingHandler logs this");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(System.out).isSameAs(stdout);
    }

    @Test
    void handlerNotOnTheClassPathRunsFromItsDeployableJarInAClassLoaderOfItsOwn(@TempDir Path repository) throws Exception {
        // GIVEN a repository whose function jar carries the handler with its own aws-lambda-java-core and -events
        Files.copy(testTemplate(), repository.resolve("template.yaml"));
        Path jar = repository.resolve("functions/recording/target/recording.jar");
        Files.createDirectories(jar.getParent());
        writeDeployableJar(jar, RecordingHandler.class);

        // WHEN it is invoked from that jar
        InvocationResult result = new FunctionInvoker(Template.load(repository.resolve("template.yaml")), Map.of(), PROCESS)
                .fromDeployableJar()
                .invoke("RecordingFunction", sqsEvent(), Map.of());

        // THEN the handler ran in the function's own class loader, and got its event
        JsonNode answer = success(result);
        assertThat(answer.path("classLoader").asText()).isEqualTo("RecordingFunction");
        assertThat(answer.path("records").findValuesAsText("body")).containsExactly("hello");
    }

    @Test
    void missingDeployableJarIsAnErrorSayingHowToBuildIt(@TempDir Path repository) throws IOException {
        Files.copy(testTemplate(), repository.resolve("template.yaml"));
        FunctionInvoker fromJar = new FunctionInvoker(Template.load(repository.resolve("template.yaml")), Map.of(), PROCESS).fromDeployableJar();

        assertThatThrownBy(() -> fromJar.invoke("FailingFunction", "{}", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("functions/failing/target/failing.jar does not exist")
                .hasMessageContaining("mvn -q -DskipTests install");
    }

    private static String sqsEvent() {
        return """
                {"Records": [{"messageId": "m-1", "body": "hello", "eventSource": "aws:sqs",
                  "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:lifeboat-Queue", "attributes": {"ApproximateReceiveCount": "1"}}]}
                """;
    }

    private static JsonNode success(InvocationResult result) throws IOException {
        if (result instanceof InvocationResult.Failure failure) {
            throw new AssertionError("expected a result, but the handler failed: " + failure.errorType() + ": " + failure.errorMessage(), failure.cause());
        }
        return Json.MAPPER.readTree(((InvocationResult.Success) result).json());
    }

    private static String text(JsonNode node, String field) {
        assertThat(node.has(field)).as("has " + field + " in " + node).isTrue();
        return node.path(field).asText();
    }

    static Path testTemplate() {
        try {
            return Path.of(FunctionInvokerTest.class.getResource("/invoke/template.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A shaded jar as a function module builds it: the handler, aws-lambda-java-core, -events and what -events needs. */
    private static void writeDeployableJar(Path jar, Class<?> handler) throws Exception {
        Set<String> written = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            Path classes = Path.of(handler.getProtectionDomain().getCodeSource().getLocation().toURI());
            String entry = handler.getName().replace('.', '/') + ".class";
            try (InputStream handlerClass = Files.newInputStream(classes.resolve(entry))) {
                add(out, written, entry, handlerClass);
            }
            for (Class<?> library : new Class<?>[] {RequestHandler.class, SQSEvent.class, DateTime.class}) {
                Path libraryJar = Path.of(library.getProtectionDomain().getCodeSource().getLocation().toURI());
                try (JarInputStream in = new JarInputStream(Files.newInputStream(libraryJar))) {
                    for (JarEntry each = in.getNextJarEntry(); each != null; each = in.getNextJarEntry()) {
                        if (!each.isDirectory() && each.getName().endsWith(".class")) {
                            add(out, written, each.getName(), in);
                        }
                    }
                }
            }
        }
    }

    private static void add(JarOutputStream out, Set<String> written, String name, InputStream content) throws IOException {
        if (written.add(name)) {
            out.putNextEntry(new JarEntry(name));
            content.transferTo(out);
            out.closeEntry();
        }
    }
}
