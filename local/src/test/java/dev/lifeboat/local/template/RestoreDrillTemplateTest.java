package dev.lifeboat.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.shared.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The restore drills in template.yaml: recovery stack only, deleting only what drills restored, scheduled with retries. */
class RestoreDrillTemplateTest {

    private static final Map<String, String> EMULATOR = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");

    private final Template template = Template.loadFrom(RepoRoot.find());
    private final LocalNames recovery = new LocalNames(template, StackRole.RECOVERY, Map.of(), EMULATOR);

    @Test
    void drillResourcesAreInTheRecoveryStackOnly() {
        List<String> drill = template.resources().keySet().stream()
                .filter(id -> id.startsWith("Drill") || id.startsWith("RestoreDrill") || id.equals("RestoreTestCompletedRule")).toList();

        assertThat(drill).contains("DrillTable", "RestoreDrillFunction", "DrillScheduleEntry", "DrillExecutionEndedRule")
                .allSatisfy(id -> assertThat(template.resource(id).condition()).as(id).contains("IsRecovery"));
    }

    @Test
    void drillFunctionDeletesOnlyWhatDrillsRestored() {
        List<Map<String, Object>> statements = statements();

        List<Map<String, Object>> deletes = statements.stream()
                .filter(statement -> strings(statement.get("Action")).stream().anyMatch(action -> action.contains(":Delete"))).toList();

        assertThat(deletes).isNotEmpty().allSatisfy(statement -> assertThat(statement.get("Condition"))
                .isEqualTo(Map.of("StringLike", Map.of("aws:ResourceTag/lifeboat:restored-by", "drill-*"))));
        assertThat(deletes.stream().flatMap(statement -> strings(statement.get("Action")).stream()))
                .containsExactlyInAnyOrder("ec2:DeleteVolume", "rds:DeleteDBInstance", "rds:DeleteDBCluster");
    }

    @Test
    void drillFunctionStartsAndReadsOnlyTheRestoreWorkflowsDrillExecutions() {
        List<Map<String, Object>> statements = statements();
        String stateMachine = recovery.resolveText(Map.of("Ref", "RestoreStateMachine"));

        assertThat(statements).filteredOn(statement -> strings(statement.get("Action")).contains("states:StartExecution"))
                .singleElement().satisfies(statement -> assertThat(statement.get("Resource")).isEqualTo(stateMachine));
        assertThat(statements).filteredOn(statement -> strings(statement.get("Action")).contains("states:DescribeExecution"))
                .singleElement().satisfies(statement -> assertThat(String.valueOf(statement.get("Resource")))
                        .isEqualTo(stateMachine.replace(":stateMachine:", ":execution:") + ":drill-*"));
    }

    @Test
    void drillScheduleStartsDrillsWithRetriesAndADeadLetterQueue() throws Exception {
        Map<String, Object> target = map(map(recovery.resolve(template.resource("DrillScheduleEntry").properties())).get("Target"));

        assertThat(Json.MAPPER.readTree(String.valueOf(target.get("Input"))).path("action").asText()).isEqualTo("start-drills");
        assertThat(target.get("Arn")).isEqualTo(recovery.arn("RestoreDrillFunction"));
        assertThat(map(target.get("RetryPolicy"))).containsKey("MaximumRetryAttempts");
        assertThat(map(target.get("DeadLetterConfig"))).containsEntry("Arn", recovery.arn("DrillDeadLetterQueue"));
    }

    @Test
    void drillTableIsKeyedByDrillIdWithPointInTimeRecoveryUnderTheDataKey() {
        Map<String, Object> table = template.resource("DrillTable").properties();

        assertThat(String.valueOf(table.get("KeySchema"))).isEqualTo("[{AttributeName=drillId, KeyType=HASH}]");
        assertThat(map(table.get("PointInTimeRecoverySpecification"))).containsEntry("PointInTimeRecoveryEnabled", true);
        assertThat(map(table.get("SSESpecification"))).containsEntry("KMSMasterKeyId", Map.of("Ref", "DataKey"));
    }

    @Test
    void drillFunctionGetsEveryVariableItRequires() {
        Map<String, String> environment = recovery.environment(template.function("RestoreDrillFunction"));

        assertThat(environment).containsKeys("RESTORE_STATE_MACHINE_ARN", "RESTORE_VALIDATE_FUNCTION_ARN", "DRILL_TABLE", "ALERT_TOPIC_ARN",
                "POLICY_PARAMETER", "DEFAULT_POLICY", "MAX_CONCURRENT_DRILLS", "DRILL_DB_INSTANCE_CLASS", "DRILL_DB_TCP_PROBE");
        assertThat(environment).doesNotContainKey("DRILL_SEED");
    }

    @Test
    void aDrillEndWhoseCleanupOutlivesLambdasRetriesIsParkedNotDropped() {
        // EventBridge's own retry policy ends when Lambda accepts the event; from then on only the function's
        // asynchronous invoke configuration decides what becomes of an event that keeps failing
        Map<String, Object> invoke = map(map(recovery.resolve(template.resource("RestoreDrillFunction").properties())).get("EventInvokeConfig"));

        assertThat(invoke).containsEntry("MaximumRetryAttempts", 2);
        assertThat(map(map(invoke.get("DestinationConfig")).get("OnFailure")))
                .containsEntry("Type", "SQS").containsEntry("Destination", recovery.arn("DrillDeadLetterQueue"));
        assertThat(statements()).anySatisfy(statement -> {
            assertThat(statement.get("Action")).isEqualTo("sqs:SendMessage");
            assertThat(statement.get("Resource")).isEqualTo(recovery.arn("DrillDeadLetterQueue"));
        });
    }

    private List<Map<String, Object>> statements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        Map<String, Object> role = map(recovery.resolve(template.resource("RestoreDrillFunctionRole").properties()));
        for (Object policy : (List<?>) role.get("Policies")) {
            ((List<?>) map(map(policy).get("PolicyDocument")).get("Statement")).forEach(statement -> statements.add(map(statement)));
        }
        return statements;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
