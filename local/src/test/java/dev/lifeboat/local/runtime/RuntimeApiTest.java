package dev.lifeboat.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Runtime API as a runtime sees it, spoken to over HTTP/1.1 like the client's native part does. */
class RuntimeApiTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:lifeboat-CopySnapshotFunction";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RuntimeApi api;

    @BeforeEach
    void start() {
        api = RuntimeApi.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void nextHandsOverTheEventWithEveryHeaderLambdaSends() throws Exception {
        // GIVEN an invocation due in 60 s
        long before = System.currentTimeMillis();
        RuntimeApi.Invocation invocation = RuntimeApi.Invocation.of("{\"source\": \"aws.ec2\"}", ARN, Duration.ofSeconds(60));
        api.invoke(invocation);

        // WHEN the runtime asks for its next invocation
        HttpResponse<String> next = get("/2018-06-01/runtime/invocation/next");

        // THEN it gets the event and the headers the client's native part requires
        assertThat(next.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"source\": \"aws.ec2\"}");
        assertThat(next.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(next.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(invocation.requestId());
        assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue(ARN);
        assertThat(Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow()))
                .isBetween(before + 59_000, before + 61_000);
        assertThat(next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow())
                .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
        assertThat(api.firstPoll()).isDone();
    }

    @Test
    void theResponseSettlesItsInvocationWithItsDuration() throws Exception {
        RuntimeApi.Invocation invocation = RuntimeApi.Invocation.of("{}", ARN, Duration.ofSeconds(60));
        CompletableFuture<RuntimeApi.Outcome> outcome = api.invoke(invocation);
        get("/2018-06-01/runtime/invocation/next");

        HttpResponse<String> posted = post("/2018-06-01/runtime/invocation/" + invocation.requestId() + "/response", "{\"batchItemFailures\":[]}", null);

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(RuntimeApi.Outcome.Response.class, response -> {
            assertThat(response.body()).isEqualTo("{\"batchItemFailures\":[]}");
            assertThat(response.duration()).isPositive();
        });
    }

    @Test
    void anErrorSettlesItsInvocationWithTheErrorType() throws Exception {
        RuntimeApi.Invocation invocation = RuntimeApi.Invocation.of("{}", ARN, Duration.ofSeconds(60));
        CompletableFuture<RuntimeApi.Outcome> outcome = api.invoke(invocation);
        get("/2018-06-01/runtime/invocation/next");

        HttpResponse<String> posted = post("/2018-06-01/runtime/invocation/" + invocation.requestId() + "/error",
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}", "Runtime.UserException");

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(RuntimeApi.Outcome.Error.class, error -> {
            assertThat(error.errorType()).isEqualTo("Runtime.UserException");
            assertThat(error.body()).contains("boom");
        });
    }

    @Test
    void aResponseForNoInvocationInProgressIsRefused() throws Exception {
        HttpResponse<String> posted = post("/2018-06-01/runtime/invocation/not-a-request/response", "{}", null);

        assertThat(posted.statusCode()).isEqualTo(400);
        assertThat(posted.body()).contains("InvalidRequestID");
    }

    @Test
    void anInitErrorIsRecorded() throws Exception {
        HttpResponse<String> posted = post("/2018-06-01/runtime/init/error", "{\"errorMessage\":\"no LEDGER_TABLE\"}", "Runtime.BadFunctionCode");

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(api.initError().get(5, TimeUnit.SECONDS)).satisfies(error -> {
            assertThat(error.errorType()).isEqualTo("Runtime.BadFunctionCode");
            assertThat(error.body()).contains("no LEDGER_TABLE");
        });
        assertThat(api.firstPoll()).isNotDone();
    }

    @Test
    void nextWaitsForAnInvocation() throws Exception {
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(request("/2018-06-01/runtime/invocation/next").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        awaitPolls(1);
        assertThat(next).isNotDone();

        api.invoke(RuntimeApi.Invocation.of("{\"n\": 1}", ARN, Duration.ofSeconds(60)));

        assertThat(next.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"n\": 1}");
    }

    private void awaitPolls(long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (api.polls() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(api.polls()).isEqualTo(count);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            request.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + api.address() + path)).timeout(Duration.ofSeconds(10));
    }
}
