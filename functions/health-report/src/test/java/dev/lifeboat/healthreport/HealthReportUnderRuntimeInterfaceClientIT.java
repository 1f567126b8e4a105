package dev.lifeboat.healthreport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.runtime.ColdStart;
import dev.lifeboat.local.runtime.LambdaFunctions;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code HealthReportFunction} as Lambda runs it: {@code health-report.jar} extracted as the task
 * root, the handler started cold by the real Runtime Interface Client through its no-arg
 * constructor, with the template's environment (recovery stack), reporting on a copy in moto.
 */
@ExtendWith(MotoExtension.class)
class HealthReportUnderRuntimeInterfaceClientIT {

    private static final Template TEMPLATE = Template.loadFrom(RepoRoot.find());

    @Test
    void writesTheReportToTheTemplatesBucket(Emulator emulator) throws Exception {
        // GIVEN both stacks' resources and a Lifeboat copy of one volume in the recovery region, tagged as the copy function tags it
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        Ec2Client ec2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        String volume = ec2.createVolume(r -> r.availabilityZone("us-west-2a").size(50)).volumeId();
        ec2.createSnapshot(r -> r.volumeId(volume).tagSpecifications(t -> t.resourceType(ResourceType.SNAPSHOT).tags(
                tag(LifeboatTags.MANAGED, "true"), tag(LifeboatTags.RESOURCE_TYPE, "ebs-snapshot"),
                tag(LifeboatTags.SOURCE_ARN, "arn:aws:ec2:us-east-1::snapshot/snap-00000000000000001"), tag(LifeboatTags.SOURCE_REGION, "us-east-1"),
                tag(LifeboatTags.SOURCE_ACCOUNT, Emulator.ACCOUNT), tag(LifeboatTags.SOURCE_RESOURCE, "vol-0a1b2c3d4e5f60001"),
                tag(LifeboatTags.CREATED_AT, Instant.now().minusSeconds(3600).toString()))));

        // WHEN the function starts cold with its schedule's input
        try (LambdaFunctions lambda = LambdaFunctions.against(TEMPLATE, emulator.environment(Map.of()))) {
            String bucket = lambda.function("HealthReportFunction", Map.of()).variables().get("REPORT_BUCKET");
            ColdStart run = lambda.coldStart("HealthReportFunction", "{\"periodDays\": 7}", Map.of());

            // THEN the report's six files are in the template's bucket, naming the volume
            JsonNode answer = Json.MAPPER.readTree(run.response());
            assertThat(answer.path("keys").size()).isEqualTo(6);
            assertThat(answer.path("resources").asInt()).isEqualTo(1);
            String html = emulator.client(S3Client.builder(), Emulator.RECOVERY)
                    .getObjectAsBytes(r -> r.bucket(bucket).key("reports/latest.html")).asUtf8String();
            assertThat(html).contains("vol-0a1b2c3d4e5f60001");
        }
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
