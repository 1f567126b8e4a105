package dev.lifeboat.rpomonitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The deployable artifact, {@code functions/rpo-monitor/target/rpo-monitor.jar} (shaded, then shrunk
 * by ProGuard), on its own class loader, invoked through the template like {@code bin/lifeboat
 * invoke} against the template's resources in moto.
 */
@ExtendWith(MotoExtension.class)
class RpoMonitorDeployableJarIT {

    private static final long MAX_ARTIFACT_BYTES = 15L * 1024 * 1024;
    private static final String FUNCTION = "RpoMonitorFunction";
    private static final Path REPO = RepoRoot.find();
    private static final Template TEMPLATE = Template.loadFrom(REPO);

    @Test
    void artifactIsAtMostFifteenMegabytes() throws IOException {
        Path artifact = REPO.resolve(TEMPLATE.function(FUNCTION).codeUri());

        assertThat(Files.size(artifact)).as("size of %s", artifact).isLessThanOrEqualTo(MAX_ARTIFACT_BYTES);
    }

    @Test
    void deployableJarReportsEveryResourceAndAlertsOnceOnABreach(Emulator emulator) throws IOException {
        // GIVEN the template's resources, a queue subscribed to the recovery stack's alert topic, a copy well within
        // the default policy's RPO (24 hours) and one far beyond it
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        FunctionInvoker jar = new FunctionInvoker(TEMPLATE, Map.of(), emulator.environment(Map.of())).fromDeployableJar();
        String topic = String.valueOf(new LocalNames(TEMPLATE, StackRole.RECOVERY, Map.of(), emulator.environment(Map.of())).ref("AlertTopic"));
        assertThat(jar.environment(FUNCTION, Map.of())).containsEntry("ALERT_TOPIC_ARN", topic).containsEntry("AWS_REGION", RpoEstate.RECOVERY);
        SqsClient sqs = emulator.client(SqsClient.builder(), Emulator.RECOVERY);
        String inbox = sqs.createQueue(r -> r.queueName("on-call")).queueUrl();
        emulator.client(SnsClient.builder(), Emulator.RECOVERY).subscribe(r -> r.topicArn(topic).protocol("sqs")
                .endpoint("arn:aws:sqs:" + RpoEstate.RECOVERY + ":" + Emulator.ACCOUNT + ":on-call").attributes(Map.of("RawMessageDelivery", "true")));
        RpoEstate estate = new RpoEstate(emulator);
        estate.ebsCopy("vol-0fresh", "default", Instant.now().minus(Duration.ofHours(1)));
        String stale = estate.rdsCopy("orders-db", "default", Instant.now().minus(Duration.ofDays(3)));

        // WHEN the jar runs twice, as the hourly schedule invokes it
        JsonNode first = success(jar.invoke(FUNCTION, "{\"alert\": true}", Map.of()));
        JsonNode second = success(jar.invoke(FUNCTION, "{\"alert\": true}", Map.of()));

        // THEN both runs report both resources; the breach was alerted once, folded the second time
        assertThat(first.path("counts").toString()).isEqualTo("{\"protected\":2,\"compliant\":1,\"breached\":1,\"withoutCopy\":0}");
        assertThat(first.path("primaryRegionReachable").asBoolean()).isTrue();
        assertThat(first.path("alerts").path("raised").asInt()).isEqualTo(1);
        assertThat(second.path("alerts").path("folded").asInt()).isEqualTo(1);
        assertThat(first.path("resources").findValuesAsText("newestCopyId")).contains(stale);
        List<String> messages = new ArrayList<>();
        sqs.receiveMessage(r -> r.queueUrl(inbox).maxNumberOfMessages(10)).messages().stream().map(Message::body).forEach(messages::add);
        assertThat(messages).singleElement().asString().startsWith("[Lifeboat] RPO breached: " + RpoEstate.dbArn("orders-db"));
    }

    private static JsonNode success(InvocationResult result) throws IOException {
        assertThat(result).as("invocation result").isInstanceOf(InvocationResult.Success.class);
        return Json.MAPPER.readTree(((InvocationResult.Success) result).json());
    }
}
