package dev.lifeboat.startrestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.restore.RestoreWorkflow;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.shared.json.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.event.ruler.Machine;

/** The start-restore function against moto's Step Functions (state machines recorded, not run). */
@ExtendWith(MotoExtension.class)
class StartRestoreHandlerTest {

    private static final String FUNCTION = "StartRestoreFunction";

    private FunctionInvoker invoker;
    private SfnClient sfn;
    private String stateMachineArn;

    @BeforeEach
    void setUp(Emulator emulator) {
        invoker = new FunctionInvoker(RecoveryEstate.TEMPLATE, Map.of(), emulator.environment(Map.of()));
        sfn = emulator.client(SfnClient.builder(), Emulator.RECOVERY);
        RestoreWorkflow workflow = new RestoreWorkflow(RecoveryEstate.TEMPLATE, Map.of(), emulator.environment(Map.of()), sfn, Duration.ofSeconds(5));
        LocalNames names = new LocalNames(RecoveryEstate.TEMPLATE, StackRole.RECOVERY, Map.of(), emulator.environment(Map.of()));
        stateMachineArn = sfn.createStateMachine(r -> r.name(names.physicalName(RestoreWorkflow.STATE_MACHINE)).definition(workflow.emulatorDefinition())
                .roleArn(names.arn("RestoreStateMachineRole"))).stateMachineArn();
    }

    @Test
    void restoreRequestedEventStartsTheWorkflowNamedAfterTheRequestId() {
        JsonNode answer = success(invoker.invoke(FUNCTION, event(RecoveryEstate.file("events/restore-request-rds-instance.json")), Map.of()));

        assertThat(answer.path("executionArn").asText()).endsWith(":execution:lifeboat-restore:orders-db-dr-2025-03-10");
        assertThat(answer.path("started").asBoolean()).isTrue();
        assertThat(sfn.describeExecution(r -> r.executionArn(answer.path("executionArn").asText())).input())
                .contains("\"sourceResource\":\"orders-db\"");
    }

    @Test
    void duplicateRestoreRequestedEventStartsOneExecution() {
        String event = event(RecoveryEstate.file("events/restore-request-rds-instance.json"));

        JsonNode first = success(invoker.invoke(FUNCTION, event, Map.of()));
        JsonNode second = success(invoker.invoke(FUNCTION, event, Map.of()));

        assertThat(second.path("executionArn").asText()).isEqualTo(first.path("executionArn").asText());
        assertThat(second.path("started").asBoolean()).isFalse();
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(stateMachineArn)).executions()).hasSize(1);
    }

    @Test
    void invalidRequestIsRejectedNamingTheFieldAndStartsNothing() {
        JsonNode answer = success(invoker.invoke(FUNCTION, event("""
                {"requestId": "r-1", "resourceType": "ebs-volume", "sourceResource": "vol-1", "target": {"volumeType": "fast"}}"""), Map.of()));

        assertThat(answer.path("rejected").asText()).contains("field 'detail.target.volumeType'", "fast");
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(stateMachineArn)).executions()).isEmpty();
    }

    @Test
    void theTemplatesRuleMatchesRestoreRequestedEventsFromLifeboatOnly() throws Exception {
        Object pattern = new LocalNames(RecoveryEstate.TEMPLATE, StackRole.RECOVERY, Map.of(), Map.of())
                .resolve(RecoveryEstate.TEMPLATE.function(FUNCTION).events().get("RestoreRequested").properties().get("Pattern"));
        Machine machine = new Machine();
        machine.addRule("restore", Json.MAPPER.writeValueAsString(pattern));

        assertThat(machine.rulesForJSONEvent(event(RecoveryEstate.file("events/restore-request-ebs-volume.json")))).isNotEmpty();
        assertThat(machine.rulesForJSONEvent(event(RecoveryEstate.file("events/restore-request-ebs-volume.json"))
                .replace("\"source\": \"lifeboat\"", "\"source\": \"aws.states\""))).isEmpty();
    }

    /** A Restore Requested event carrying {@code request}, as a person or a drill puts it on the recovery bus. */
    static String event(String request) {
        return """
                {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "Restore Requested", "source": "lifeboat",
                 "account": "123456789012", "time": "2025-03-10T21:00:00Z", "region": "us-west-2", "resources": [], "detail": %s}
                """.formatted(request);
    }

    private static JsonNode success(InvocationResult result) {
        assertThat(result).as("invocation").isInstanceOf(InvocationResult.Success.class);
        try {
            return Json.MAPPER.readTree(((InvocationResult.Success) result).json());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
