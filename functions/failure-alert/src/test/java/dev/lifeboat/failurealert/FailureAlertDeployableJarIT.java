package dev.lifeboat.failurealert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployable artifact, {@code functions/failure-alert/target/failure-alert.jar} (shaded, then
 * shrunk by ProGuard), invoked through template.yaml like {@code bin/lifeboat invoke}, against the
 * template's own resources in moto.
 */
@ExtendWith(MotoExtension.class)
class FailureAlertDeployableJarIT {

    private static final long MAX_ARTIFACT_BYTES = 15L * 1024 * 1024;
    private static final Path REPO = RepoRoot.find();
    private static final Template TEMPLATE = Template.loadFrom(REPO);

    @Test
    void artifactIsAtMostFifteenMegabytes() throws Exception {
        Path artifact = REPO.resolve(TEMPLATE.function("FailureAlertFunction").codeUri());

        assertThat(Files.size(artifact)).as("size of %s", artifact).isLessThanOrEqualTo(MAX_ARTIFACT_BYTES);
    }

    @Test
    void deployableJarSendsOneAlertPerFailureToTheTemplatesTopicAndFoldsTheRepeat(Emulator emulator) throws Exception {
        // GIVEN the template's resources, and a queue subscribed to the primary stack's alert topic
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        FunctionInvoker jar = new FunctionInvoker(TEMPLATE, Map.of(), emulator.environment(Map.of())).fromDeployableJar();
        String topic = jar.environment("FailureAlertFunction", Map.of()).get("ALERT_TOPIC_ARN");
        SqsClient sqs = emulator.client(SqsClient.builder(), Emulator.PRIMARY);
        String inbox = sqs.createQueue(r -> r.queueName("inbox")).queueUrl();
        String inboxArn = sqs.getQueueAttributes(r -> r.queueUrl(inbox).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        emulator.client(SnsClient.builder(), Emulator.PRIMARY).subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(inboxArn));
        String failed = Files.readString(REPO.resolve("events/backup-job-failed.json"));

        // WHEN the jar handles the failure, a repeat of it, and a success
        InvocationResult first = jar.invoke("FailureAlertFunction", failed, Map.of());
        InvocationResult repeat = jar.invoke("FailureAlertFunction", failed.replace("710b0398", "810b0398"), Map.of());
        InvocationResult success = jar.invoke("FailureAlertFunction",
                Files.readString(REPO.resolve("events/ebs-create-snapshot-succeeded.json")), Map.of());

        // THEN one message arrived, naming the failure and the volume
        assertThat(json(first).get("sent").asInt()).isEqualTo(1);
        assertThat(json(repeat).get("folded").asInt()).isEqualTo(1);
        assertThat(json(success).get("sent").asInt()).isZero();
        assertThat(sqs.receiveMessage(r -> r.queueUrl(inbox).maxNumberOfMessages(10)).messages()).singleElement()
                .satisfies(message -> assertThat(message.body()).contains("[Lifeboat] AWS Backup job failed: vol-0a1b2c3d4e5f60001"));
    }

    private static JsonNode json(InvocationResult result) throws Exception {
        assertThat(result).as("invocation result").isInstanceOf(InvocationResult.Success.class);
        return Json.MAPPER.readTree(((InvocationResult.Success) result).json());
    }
}
