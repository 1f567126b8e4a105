package dev.lifeboat.healthreport;

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
import dev.lifeboat.shared.policy.LifeboatTags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
    private static final Template TEMPLATE = Template.loadFrom(RepoRoot.find());

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
        // two copies of one volume, tagged as the copy function tags them (each names its own source snapshot)
        Ec2Client ec2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        for (int copy = 1; copy <= 2; copy++) {
            String sourceSnapshot = "snap-0000000000000000" + copy;
            String volume = ec2.createVolume(r -> r.availabilityZone("us-west-2a").size(50)).volumeId();
            Instant takenAt = Instant.now().minusSeconds(3600L * copy);
            ec2.createSnapshot(r -> r.volumeId(volume).tagSpecifications(t -> t.resourceType(ResourceType.SNAPSHOT).tags(
                    tag(LifeboatTags.MANAGED, "true"), tag(LifeboatTags.RESOURCE_TYPE, "ebs-snapshot"),
                    tag(LifeboatTags.SOURCE_ARN, "arn:aws:ec2:us-east-1::snapshot/" + sourceSnapshot), tag(LifeboatTags.SOURCE_REGION, "us-east-1"),
                    tag(LifeboatTags.SOURCE_ACCOUNT, Emulator.ACCOUNT), tag(LifeboatTags.SOURCE_RESOURCE, "vol-0a1b2c3d4e5f60001"),
                    tag(LifeboatTags.CREATED_AT, takenAt.toString()))));
        }
        // a failed job in the primary region's job history, as the metrics function writes it
        emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY).putItem(r -> r.tableName("lifeboat-job-history").item(
                JobHistoryItems.item("us-east-1", "backup", "job-1", "FAILED", true, "EBS", "vol-0a1b2c3d4e5f60001", "AWS Backup job failed",
                        "Access denied", Instant.now().minusSeconds(7200))));
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
        assertThat(answer.path("failures").asInt()).isEqualTo(1);
        S3Client s3 = emulator.client(S3Client.builder(), Emulator.RECOVERY);
        String bucket = environment.get("REPORT_BUCKET");
        for (JsonNode key : answer.path("keys")) {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key.asText()));
            assertThat(head.serverSideEncryption()).as("encryption of %s", key).isEqualTo(ServerSideEncryption.AWS_KMS);
        }
        String html = s3.getObjectAsBytes(r -> r.bucket(bucket).key("reports/latest.html")).asUtf8String();
        assertThat(html).contains("<svg id=\"rpo-chart\"", "<svg id=\"jobs-chart\"", "vol-0a1b2c3d4e5f60001");
        assertThat(sqs.receiveMessage(r -> r.queueUrl(inbox).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()).singleElement()
                .satisfies(message -> assertThat(message.body()).contains("Health report us-west-2: 0 of 1 resources beyond RPO, 1 failed jobs")
                        .contains("s3://" + bucket + "/reports/"));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
