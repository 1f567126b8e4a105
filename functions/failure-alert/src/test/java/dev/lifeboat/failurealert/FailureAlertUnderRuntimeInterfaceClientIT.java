package dev.lifeboat.failurealert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.runtime.ColdStart;
import dev.lifeboat.local.runtime.LambdaFunctions;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code FailureAlertFunction} as Lambda runs it: {@code failure-alert.jar} extracted as the task
 * root, the handler started cold by the real Runtime Interface Client through its no-arg
 * constructor, with the template's environment, handling a failed backup job against the
 * template's topic and table in moto.
 */
@ExtendWith(MotoExtension.class)
class FailureAlertUnderRuntimeInterfaceClientIT {

    private static final Path REPO = RepoRoot.find();
    private static final Template TEMPLATE = Template.loadFrom(REPO);

    @Test
    void publishesOneReadableAlertForAFailedBackupToTheTemplatesTopic(Emulator emulator) throws Exception {
        // GIVEN the template's resources and an inbox subscribed to the primary stack's alert topic
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        try (LambdaFunctions lambda = LambdaFunctions.against(TEMPLATE, emulator.environment(Map.of()))) {
            String topic = lambda.function("FailureAlertFunction", Map.of()).variables().get("ALERT_TOPIC_ARN");
            SqsClient sqs = emulator.client(SqsClient.builder(), Emulator.PRIMARY);
            String inbox = sqs.createQueue(r -> r.queueName("inbox")).queueUrl();
            String inboxArn = sqs.getQueueAttributes(r -> r.queueUrl(inbox).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            emulator.client(SnsClient.builder(), Emulator.PRIMARY).subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(inboxArn));

            // WHEN the function starts cold and handles a failed backup job
            ColdStart run = lambda.coldStart("FailureAlertFunction", AlertEstate.text("backup-job-failed.json"), Map.of());

            // THEN it sent one alert, and the inbox got it, naming the failure and the volume
            assertThat(Json.MAPPER.readTree(run.response()).get("sent").asInt()).isEqualTo(1);
            assertThat(sqs.receiveMessage(r -> r.queueUrl(inbox).maxNumberOfMessages(10)).messages()).singleElement()
                    .satisfies(message -> assertThat(message.body()).contains("[Lifeboat] AWS Backup job failed: vol-0a1b2c3d4e5f60001"));
        }
    }
}
