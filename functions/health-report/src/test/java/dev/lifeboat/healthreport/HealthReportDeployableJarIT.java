package dev.lifeboat.healthreport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployable artifact, {@code functions/health-report/target/health-report.jar} (shaded, then
 * shrunk by ProGuard), invoked through the template like {@code bin/lifeboat invoke}, against the
 * template's own resources in moto's recovery region.
 */
@ExtendWith(MotoExtension.class)
class HealthReportDeployableJarIT {

    private static final long MAX_ARTIFACT_BYTES = 15L * 1024 * 1024;
    private static final Template TEMPLATE = TemplateWithHealthReport.load();

    @Test
    void artifactIsAtMostFifteenMegabytes() throws Exception {
        Path artifact = TEMPLATE.directory().resolve(TEMPLATE.function("HealthReportFunction").codeUri());

        assertThat(Files.size(artifact)).as("size of %s", artifact).isLessThanOrEqualTo(MAX_ARTIFACT_BYTES);
    }

    @Test
    void deployableJarWritesTheReportToTheTemplatesBucketAndSummarisesItOnTheAlertTopic(Emulator emulator) throws Exception {
        // GIVEN both stacks' resources, a Lifeboat copy in the recovery region, and a queue on the recovery alert topic
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        FunctionInvoker jar = new FunctionInvoker(TEMPLATE, Map.of(), emulator.environment(Map.of())).fromDeployableJar();
        Map<String, String> environment = jar.environment("HealthReportFunction", Map.of());
        Ec2Client ec2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        String volume = ec2.createVolume(r -> r.availabilityZone("us-west-2a").size(50)).volumeId();
        ec2.createSnapshot(r -> r.volumeId(volume).tagSpecifications(t -> t.resourceType(ResourceType.SNAPSHOT).tags(
                Tag.builder().key(LifeboatTags.MANAGED).value("true").build(),
                Tag.builder().key(LifeboatTags.SOURCE_ARN).value("arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b2c3d4e5f60001").build(),
                Tag.builder().key(LifeboatTags.RESOURCE_TYPE).value("ebs-snapshot").build(),
                Tag.builder().key(LifeboatTags.CREATED_AT).value(Instant.now().minusSeconds(3600).toString()).build())));
        SqsClient sqs = emulator.client(SqsClient.builder(), Emulator.RECOVERY);
        String inbox = sqs.createQueue(r -> r.queueName("inbox")).queueUrl();
        String inboxArn = sqs.getQueueAttributes(r -> r.queueUrl(inbox).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        emulator.client(SnsClient.builder(), Emulator.RECOVERY)
                .subscribe(r -> r.topicArn(environment.get("ALERT_TOPIC_ARN")).protocol("sqs").endpoint(inboxArn));

        // WHEN the jar runs with the schedule's input
        InvocationResult result = jar.invoke("HealthReportFunction", "{\"periodDays\": 7}", Map.of());

        // THEN the six files are in the template's bucket under the recovery key, and the summary arrived
        assertThat(result).as("invocation result").isInstanceOf(InvocationResult.Success.class);
        JsonNode answer = Json.MAPPER.readTree(((InvocationResult.Success) result).json());
        assertThat(answer.path("keys").size()).isEqualTo(6);
        assertThat(answer.path("resources").asInt()).isEqualTo(1);
        assertThat(answer.path("breaches").asInt()).isZero();
        S3Client s3 = emulator.client(S3Client.builder(), Emulator.RECOVERY);
        String bucket = environment.get("REPORT_BUCKET");
        for (JsonNode key : answer.path("keys")) {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key.asText()));
            assertThat(head.serverSideEncryption()).as("encryption of %s", key).isEqualTo(ServerSideEncryption.AWS_KMS);
        }
        String html = s3.getObjectAsBytes(r -> r.bucket(bucket).key("reports/latest.html")).asUtf8String();
        assertThat(html).contains("<svg id=\"rpo-chart\"", "<svg id=\"jobs-chart\"", "vol-0a1b2c3d4e5f60001");
        assertThat(sqs.receiveMessage(r -> r.queueUrl(inbox).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()).singleElement()
                .satisfies(message -> assertThat(message.body()).contains("Health report us-west-2: 0 of 1 resources beyond RPO")
                        .contains("s3://" + bucket + "/reports/"));
    }
}
