package dev.lifeboat.restoredrill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.frontdoor.FrontDoor;
import dev.lifeboat.local.frontdoor.FrontDoorExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The deployable artifact, {@code functions/restore-drill/target/restore-drill.jar} (shaded, then
 * shrunk by ProGuard), run from its own class loader with the environment the template gives it:
 * a whole drill (start, the template's workflow in moto, finish and cleanup) and a restore test's
 * validation (by the template's validation function, through the front door) against a WireMock stub
 * of AWS Backup, so every SDK path a drill takes must be in the jar.
 */
@ExtendWith(FrontDoorExtension.class)
class RestoreDrillDeployableJarIT {

    private static final long MAX_ARTIFACT_BYTES = 15L * 1024 * 1024;
    private static final Template TEMPLATE = Template.loadFrom(RepoRoot.find());
    private static final String FUNCTION = "RestoreDrillFunction";

    @Test
    void artifactIsAtMostFifteenMegabytes() throws Exception {
        Path artifact = TEMPLATE.directory().resolve(TEMPLATE.function(FUNCTION).codeUri());

        assertThat(Files.size(artifact)).as("size of %s", artifact).isLessThanOrEqualTo(MAX_ARTIFACT_BYTES);
    }

    @Test
    void deployableJarRunsADrillAndValidatesARestoreTest(Emulator emulator, FrontDoor door) throws Exception {
        // GIVEN the recovery region with a gold copy, and the jar with the template's environment for the function
        DrillEstate estate = new DrillEstate(emulator, door, Map.of("RestorePollSeconds", "1"));
        estate.ebsCopy("vol-0a1b2c3d4e5f60001", "gold", Instant.now().minus(Duration.ofDays(1)));
        FunctionInvoker jar = new FunctionInvoker(TEMPLATE, Map.of(), emulator.environment(Map.of())).fromDeployableJar();
        Map<String, String> environment = jar.environment(FUNCTION, Map.of());
        String table = environment.get("DRILL_TABLE");
        assertThat(environment.get("RESTORE_STATE_MACHINE_ARN")).isEqualTo(estate.stateMachineArn);
        // the template's drill table, created by the provisioner with the template's key
        assertThat(estate.dynamo.describeTable(r -> r.tableName(table)).table().keySchema())
                .singleElement().satisfies(key -> assertThat(key.attributeName()).isEqualTo("drillId"));
        Map<String, String> overrides = Map.of("POLICY_PARAMETER", DrillEstate.POLICY_PARAMETER, "DRILL_SEED", "7");

        // WHEN the schedule starts the drills, and the drill's end arrives
        JsonNode start = answer(jar.invoke(FUNCTION, DrillEstate.resource("events/restore-drill-schedule.json"), overrides));
        String drill = start.path("started").get(0).asText();
        assertThat(estate.awaitEnd(drill).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode finish = answer(jar.invoke(FUNCTION, estate.statusChangeEvent(drill), overrides));

        // THEN the drill restored, was cleaned up and recorded in the template's drill table
        assertThat(finish.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(estate.volumesRestoredBy(drill)).isEmpty();
        Map<String, AttributeValue> record = estate.dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("drillId", AttributeValue.fromS(drill)))).item();
        assertThat(record.get("outcome").s()).isEqualTo("SUCCEEDED");
        assertThat(record.get("cleanedUp").bool()).isTrue();

        // AND WHEN an AWS Backup restore test completes, THEN its validation is reported to (a stub of) AWS Backup
        WireMockServer backup = new WireMockServer(wireMockConfig().dynamicPort());
        backup.start();
        try {
            String job = "7D3E1C2B-5A4F-4E6D-9C8B-0A1B2C3D4E5F";
            backup.stubFor(get(urlPathEqualTo("/restore-jobs/" + job)).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody("""
                            {"RestoreJobId": "%s", "RecoveryPointArn": "arn:aws:ec2:us-west-2::snapshot/snap-0a1b2c3d4e5f60009",
                             "CreatedResourceArn": "arn:aws:ec2:us-west-2:111122223333:volume/vol-0fedcba9876543210", "Status": "COMPLETED"}"""
                            .formatted(job))));
            backup.stubFor(put(urlPathEqualTo("/restore-jobs/" + job + "/validations")).willReturn(aResponse().withStatus(204)));
            // every request signed for AWS Backup, the validation function's and the jar's, goes to the stub
            door.route("backup", URI.create(backup.baseUrl()));

            JsonNode validated = answer(jar.invoke(FUNCTION, DrillEstate.resource("events/backup-restore-testing-job-completed.json"), overrides));

            assertThat(validated.path("validationStatus").asText()).isEqualTo("SUCCESSFUL");
            backup.verify(1, putRequestedFor(urlPathEqualTo("/restore-jobs/" + job + "/validations"))
                    .withRequestBody(matchingJsonPath("$.ValidationStatus", equalTo("SUCCESSFUL"))));
        } finally {
            backup.stop();
        }
    }

    private static JsonNode answer(InvocationResult result) throws Exception {
        assertThat(result).as("invocation result: %s", result).isInstanceOf(InvocationResult.Success.class);
        return Json.MAPPER.readTree(((InvocationResult.Success) result).json());
    }
}
