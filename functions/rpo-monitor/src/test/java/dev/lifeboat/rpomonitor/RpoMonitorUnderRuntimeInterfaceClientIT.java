package dev.lifeboat.rpomonitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.runtime.ColdStart;
import dev.lifeboat.local.runtime.LambdaFunctions;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code RpoMonitorFunction} as Lambda runs it: {@code rpo-monitor.jar} extracted as the task root,
 * the handler started cold by the real Runtime Interface Client through its no-arg constructor,
 * with the template's environment (recovery stack), checking the copies in moto's recovery region.
 */
@ExtendWith(MotoExtension.class)
class RpoMonitorUnderRuntimeInterfaceClientIT {

    private static final String FUNCTION = "RpoMonitorFunction";
    private static final Path REPO = RepoRoot.find();
    private static final Template TEMPLATE = Template.loadFrom(REPO);

    @Test
    void reportsEveryProtectedResourceAndAlertsTheBreach(Emulator emulator) throws Exception {
        // GIVEN the template's resources, an on-call queue on the recovery stack's alert topic,
        // a copy well within the default policy's RPO (24 hours) and one far beyond it
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        String topic = String.valueOf(new LocalNames(TEMPLATE, StackRole.RECOVERY, Map.of(), emulator.environment(Map.of())).ref("AlertTopic"));
        SqsClient sqs = emulator.client(SqsClient.builder(), Emulator.RECOVERY);
        String inbox = sqs.createQueue(r -> r.queueName("on-call")).queueUrl();
        emulator.client(SnsClient.builder(), Emulator.RECOVERY).subscribe(r -> r.topicArn(topic).protocol("sqs")
                .endpoint("arn:aws:sqs:" + RpoEstate.RECOVERY + ":" + Emulator.ACCOUNT + ":on-call").attributes(Map.of("RawMessageDelivery", "true")));
        RpoEstate estate = new RpoEstate(emulator);
        estate.ebsCopy("vol-0fresh", "default", Instant.now().minus(Duration.ofHours(1)));
        estate.rdsCopy("orders-db", "default", Instant.now().minus(Duration.ofDays(3)));

        // WHEN the function starts cold on its schedule's event
        ColdStart run;
        try (LambdaFunctions lambda = LambdaFunctions.against(TEMPLATE, emulator.environment(Map.of()))) {
            run = lambda.coldStart(FUNCTION, "{\"alert\": true}", Map.of());
        }

        // THEN it reports both resources, one breached, and the on-call queue got the breach
        JsonNode answer = Json.MAPPER.readTree(run.response());
        assertThat(answer.path("counts").toString()).isEqualTo("{\"protected\":2,\"compliant\":1,\"breached\":1,\"withoutCopy\":0}");
        assertThat(answer.path("alerts").path("raised").asInt()).isEqualTo(1);
        assertThat(sqs.receiveMessage(r -> r.queueUrl(inbox).maxNumberOfMessages(10)).messages()).singleElement()
                .satisfies(message -> assertThat(message.body()).startsWith("[Lifeboat] RPO breached: " + RpoEstate.dbArn("orders-db")));
    }
}
