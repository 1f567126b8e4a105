package dev.lifeboat.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.demo.DemoSnapshots;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

class LifeboatTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** The test template (functions whose handlers are test classes) as the repository, the emulator's address set. */
    private final Map<String, String> environment = Map.of(
            "LIFEBOAT_HOME", testRepository().toString(),
            "AWS_ENDPOINT_URL", "http://127.0.0.1:4566");

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertThat(run("help")).isZero();
        assertThat(stdout()).contains("invoke <FunctionLogicalId> <event.json>", "up [--parameter KEY=VALUE]", "snapshot [--policy NAME]");
    }

    @Test
    void restoreWithoutARequestFileIsAUsageErrorExitingTwo() {
        assertThat(run("restore")).isEqualTo(2);
        assertThat(stderr()).contains("restore takes one restore request file", "restore <request.json>");
    }

    @Test
    void restoreWithoutTheEmulatorsMotoPortSaysHowToStartItAndExitsOne() {
        assertThat(run("restore", "events/restore-request-ebs-volume.json")).isEqualTo(1);
        assertThat(stderr()).contains("MOTO_PORT", "MOTO_PORT=5001 moto_server -p 5000");
    }

    @Test
    void unknownCommandIsAUsageErrorExitingTwo() {
        assertThat(run("deploy")).isEqualTo(2);
        assertThat(stderr()).contains("Unknown command 'deploy'", "Usage:");
    }

    @Test
    void invokeWithoutAnEventFileIsAUsageErrorExitingTwo() {
        assertThat(run("invoke", "RecordingFunction")).isEqualTo(2);
        assertThat(stderr()).contains("invoke takes a function's logical id and an event file");
    }

    @Test
    void invokePrintsTheHandlersResultAsPrettyJsonOnStdout(@TempDir Path folder) throws Exception {
        // GIVEN an SQS event in a file
        Path event = Files.writeString(folder.resolve("event.json"), """
                {"Records": [{"messageId": "m-1", "body": "hello", "eventSource": "aws:sqs",
                  "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:lifeboat-Queue", "attributes": {"ApproximateReceiveCount": "1"}}]}
                """);

        // WHEN the function is invoked from the command line with an environment override
        int exit = run("invoke", "RecordingFunction", event.toString(), "--env", "OVERRIDDEN=from-cli", "--parameter", "Greeting=hi");

        // THEN stdout holds only the result, pretty-printed, and the overrides took effect
        assertThat(exit).as(stderr()).isZero();
        JsonNode result = Json.MAPPER.readTree(stdout());
        assertThat(result.path("environment").path("OVERRIDDEN").asText()).isEqualTo("from-cli");
        assertThat(result.path("environment").path("GREETING").asText()).isEqualTo("hi from us-east-1");
        assertThat(stdout()).startsWith("{\n");
    }

    @Test
    void invokeOfAFailingHandlerPrintsTheErrorOnStderrAndExitsOne(@TempDir Path folder) throws Exception {
        Path event = Files.writeString(folder.resolve("event.json"), "{}");

        assertThat(run("invoke", "FailingFunction", event.toString())).isEqualTo(1);
        assertThat(stderr()).contains("java.lang.IllegalStateException: ledger unavailable");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void invokeOfAnUnknownFunctionExitsOneNamingIt(@TempDir Path folder) throws Exception {
        Path event = Files.writeString(folder.resolve("event.json"), "{}");

        assertThat(run("invoke", "NoSuchFunction", event.toString())).isEqualTo(1);
        assertThat(stderr()).contains("No function 'NoSuchFunction'");
    }

    @Test
    @ExtendWith(MotoExtension.class)
    void snapshotPrintsOnlyTheEventOnStdoutAndItsProgressOnStderr(Emulator emulator) throws Exception {
        // GIVEN the repository's own sample events and an emulator
        Map<String, String> emulated = emulator.environment(Map.of("LIFEBOAT_HOME", RepoRoot.find().toString()));

        // WHEN a snapshot is created from the command line
        int exit = run(emulated, "snapshot", "--policy", "gold", "--tag", "team=orders");

        // THEN stdout is the event alone, naming the snapshot that stderr reports
        assertThat(exit).as(stderr()).isZero();
        JsonNode event = Json.MAPPER.readTree(stdout());
        String snapshotArn = event.path("detail").path("snapshot_id").asText();
        String snapshotId = snapshotArn.substring(snapshotArn.lastIndexOf('/') + 1);
        assertThat(stderr()).contains("created snapshot " + snapshotId + " tagged team=orders", "tagged lifeboat:policy=gold");
        assertThat(stdout()).startsWith("{").endsWith("}\n");
    }

    @Test
    void snapshotOptionsNameThePolicyAndTheTags() {
        assertThat(Lifeboat.snapshotRequest(List.of())).isEqualTo(new DemoSnapshots.Request("default", Map.of(), Map.of()));
        assertThat(Lifeboat.snapshotRequest(List.of("--policy", "", "--volume-tag", "team=orders", "--tag=purpose=demo", "--volume-tag=env=")))
                .isEqualTo(new DemoSnapshots.Request("", Map.of("team", "orders", "env", ""), Map.of("purpose", "demo")));
        assertThat(Lifeboat.snapshotRequest(List.of("--policy=gold")).policy()).isEqualTo("gold");
    }

    @Test
    void snapshotWithATagThatIsNotKeyValueIsAUsageErrorExitingTwo() {
        assertThat(run("snapshot", "--tag", "orders")).isEqualTo(2);
        assertThat(stderr()).contains("--tag needs KEY=VALUE, got 'orders'");
    }

    @Test
    void snapshotWithAnArgumentIsAUsageErrorExitingTwo() {
        assertThat(run("snapshot", "snap-1")).isEqualTo(2);
        assertThat(stderr()).contains("snapshot takes no arguments besides --policy NAME");
    }

    private int run(String... args) {
        return run(environment, args);
    }

    private int run(Map<String, String> environment, String... args) {
        return Lifeboat.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path testRepository() {
        try {
            return Path.of(LifeboatTest.class.getResource("/invoke/template.yaml").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
