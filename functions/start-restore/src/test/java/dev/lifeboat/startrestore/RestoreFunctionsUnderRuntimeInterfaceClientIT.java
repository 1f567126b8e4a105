package dev.lifeboat.startrestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.restore.RestoreWorkflow;
import dev.lifeboat.local.runtime.ColdStart;
import dev.lifeboat.local.runtime.LambdaFunctions;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.shared.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The restore workflow's three functions ({@code ResolveRecoveryPointFunction},
 * {@code RestoreValidateFunction}, {@code StartRestoreFunction}) as Lambda runs them: each
 * function's deployable jar extracted as the task root, its handler started cold by the real
 * Runtime Interface Client through its no-arg constructor, with the template's environment
 * (recovery stack), handling the payload the state machine (or the restore rule) gives it.
 * They live here because this module is built after the other two, so all three jars exist.
 */
@ExtendWith(MotoExtension.class)
class RestoreFunctionsUnderRuntimeInterfaceClientIT {

    private RecoveryEstate estate;
    private LambdaFunctions lambda;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new RecoveryEstate(emulator);
        lambda = LambdaFunctions.against(RecoveryEstate.TEMPLATE, emulator.environment(Map.of()));
    }

    @AfterEach
    void tearDown() {
        lambda.close();
    }

    @Test
    void resolveFunctionPlansTheRestoreFromTheNewestCopyOfTheVolume() throws Exception {
        // GIVEN two Lifeboat copies of a volume in the recovery region
        estate.ebsCopy("vol-0a1b2c3d4e5f60001", Instant.now().minus(Duration.ofDays(2)).toString());
        String newest = estate.ebsCopy("vol-0a1b2c3d4e5f60001", Instant.now().minus(Duration.ofHours(1)).toString());

        // WHEN the function starts cold with the workflow's first payload for the README's EBS request
        ColdStart run = lambda.coldStart("ResolveRecoveryPointFunction", resolvePayload("restore-ric-1"), Map.of());

        // THEN it plans the restore from the newest copy
        JsonNode answer = Json.MAPPER.readTree(run.response());
        assertThat(answer.path("plan").path("recoveryPoint").path("id").asText()).as("answer %s", answer).isEqualTo(newest);
    }

    @Test
    void validateFunctionPassesAVolumeRestoredFromThePlannedCopy() throws Exception {
        // GIVEN the plan for the newest copy (resolved in this JVM: the cold start of the resolver is the test above),
        // and a volume restored from it as the workflow's CreateVolume does
        String copy = estate.ebsCopy("vol-0a1b2c3d4e5f60001", Instant.now().minus(Duration.ofHours(1)).toString());
        InvocationResult resolution = estate.invoker.invoke("ResolveRecoveryPointFunction", resolvePayload("restore-ric-2"), Map.of());
        assertThat(resolution).isInstanceOf(InvocationResult.Success.class);
        JsonNode resolved = Json.MAPPER.readTree(((InvocationResult.Success) resolution).json());
        String restored = estate.ec2.createVolume(r -> r.snapshotId(copy).availabilityZone(RecoveryEstate.RECOVERY + "a")).volumeId();
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.set("request", resolved.path("request"));
        payload.set("plan", resolved.path("plan"));
        payload.put("restoredId", restored);
        payload.put("startedAt", Instant.now().minusSeconds(60).toString());

        // WHEN the validation function starts cold with the workflow's ValidateRestore payload
        ColdStart run = lambda.coldStart("RestoreValidateFunction", Json.MAPPER.writeValueAsString(payload), Map.of());

        // THEN the restore passed, for that volume
        JsonNode answer = Json.MAPPER.readTree(run.response());
        assertThat(answer.path("passed").asBoolean()).as("answer %s", answer).isTrue();
        assertThat(answer.path("resourceId").asText()).isEqualTo(restored);
    }

    @Test
    void startFunctionStartsTheTemplatesWorkflowForARestoreRequest(Emulator emulator) throws Exception {
        // GIVEN the template's restore state machine in the recovery region (recorded, not run)
        SfnClient sfn = emulator.client(SfnClient.builder(), Emulator.RECOVERY);
        RestoreWorkflow workflow = new RestoreWorkflow(RecoveryEstate.TEMPLATE, Map.of(), emulator.environment(Map.of()), sfn, Duration.ofSeconds(5));
        LocalNames names = new LocalNames(RecoveryEstate.TEMPLATE, StackRole.RECOVERY, Map.of(), emulator.environment(Map.of()));
        sfn.createStateMachine(r -> r.name(names.physicalName(RestoreWorkflow.STATE_MACHINE)).definition(workflow.emulatorDefinition())
                .roleArn(names.arn("RestoreStateMachineRole")));

        // WHEN the function starts cold on a Restore Requested event
        ColdStart run = lambda.coldStart("StartRestoreFunction", StartRestoreHandlerTest.event(
                RecoveryEstate.file("events/restore-request-rds-instance.json")), Map.of());

        // THEN it started the execution named after the request, with the request as its input
        JsonNode answer = Json.MAPPER.readTree(run.response());
        assertThat(answer.path("started").asBoolean()).isTrue();
        assertThat(answer.path("executionArn").asText()).endsWith(":execution:lifeboat-restore:orders-db-dr-2025-03-10");
        assertThat(sfn.describeExecution(r -> r.executionArn(answer.path("executionArn").asText())).input())
                .contains("\"sourceResource\":\"orders-db\"");
    }

    /** The payload the workflow's ResolveRecoveryPoint task sends: the request and the execution's name. */
    private static String resolvePayload(String execution) throws Exception {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.set("request", Json.MAPPER.readTree(RecoveryEstate.file("events/restore-request-ebs-volume.json")));
        payload.put("execution", execution);
        return Json.MAPPER.writeValueAsString(payload);
    }
}
