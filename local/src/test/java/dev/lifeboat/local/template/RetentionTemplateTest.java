package dev.lifeboat.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retention in template.yaml: recovery stack only, deleting and archiving only Lifeboat's own copies, run daily with retries. */
class RetentionTemplateTest {

    private static final Map<String, String> EMULATOR = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");

    private final Template template = Template.loadFrom(RepoRoot.find());
    private final LocalNames recovery = new LocalNames(template, StackRole.RECOVERY, Map.of(), EMULATOR);

    @Test
    void retentionResourcesAreInTheRecoveryStackOnly() {
        List<String> retention = template.resources().keySet().stream().filter(id -> id.startsWith("Retention")).toList();

        assertThat(retention).contains("RetentionFunction", "RetentionFunctionRole", "RetentionSchedule", "RetentionDeadLetterQueue")
                .allSatisfy(id -> assertThat(template.resource(id).condition()).as(id).contains("IsRecovery"));
    }

    @Test
    void retentionDeletesAndArchivesOnlyLifeboatsCopiesAndNeverTouchesAwsBackup() {
        List<Map<String, Object>> statements = statements();

        assertThat(statements).allSatisfy(statement -> assertThat(strings(statement.get("Action")))
                .noneSatisfy(action -> assertThat(action).startsWith("backup:")));
        assertThat(statements).filteredOn(statement -> "*".equals(statement.get("Resource")))
                .allSatisfy(statement -> assertThat(strings(statement.get("Action")))
                        .allSatisfy(action -> assertThat(action).matches("(ec2|rds):Describe[A-Za-z]+")));
        assertThat(withAction(statements, "ec2:DeleteSnapshot")).singleElement().satisfies(statement -> {
            assertThat(strings(statement.get("Action"))).containsExactlyInAnyOrder("ec2:DeleteSnapshot", "ec2:ModifySnapshotTier");
            assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("aws:ResourceTag/lifeboat:managed", "true")));
        });
        assertThat(withAction(statements, "rds:DeleteDBSnapshot")).singleElement().satisfies(statement -> {
            assertThat(strings(statement.get("Resource"))).allSatisfy(arn -> assertThat(arn).matches(
                    "arn:aws:rds:us-west-2:123456789012:(snapshot|cluster-snapshot):lifeboat-\\*"));
            assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("aws:ResourceTag/lifeboat:managed", "true")));
        });
        assertThat(withAction(statements, "states:ListExecutions")).singleElement()
                .satisfies(statement -> assertThat(statement.get("Resource")).isEqualTo(recovery.resolveText(Map.of("Ref", "RestoreStateMachine"))));
    }

    @Test
    void dailyScheduleRunsRetentionWithRetriesAndParksFailedRuns() throws Exception {
        Map<String, Object> target = map(map(recovery.resolve(template.resource("RetentionSchedule").properties())).get("Target"));
        Map<String, Object> function = map(recovery.resolve(template.function("RetentionFunction").properties()));

        JsonNode input = Json.MAPPER.readTree(String.valueOf(target.get("Input")));
        assertThat(input.properties()).extracting(Map.Entry::getKey).containsExactly("dryRun");
        assertThat(target.get("Arn")).isEqualTo(recovery.arn("RetentionFunction"));
        assertThat(map(target.get("DeadLetterConfig"))).containsEntry("Arn", recovery.arn("RetentionDeadLetterQueue"));
        assertThat(String.valueOf(map(function.get("EventInvokeConfig")).get("DestinationConfig"))).contains(recovery.arn("RetentionDeadLetterQueue"));
    }

    @Test
    void retentionStopsStartingDeletionsBeforeItsTimeout() {
        Map<String, String> environment = recovery.environment(template.function("RetentionFunction"));
        int timeout = (Integer) template.function("RetentionFunction").properties().get("Timeout");

        assertThat(environment).containsKeys("POLICY_PARAMETER", "DEFAULT_POLICY", "RESTORE_STATE_MACHINE_ARN", "DRY_RUN", "MAX_ACTIONS_PER_RUN");
        assertThat(Integer.parseInt(environment.get("STOP_MARGIN_SECONDS"))).isLessThan(timeout);
        assertThat(environment.get("DEFAULT_POLICY"))
                .isEqualTo(recovery.environment(template.function("RpoMonitorFunction")).get("DEFAULT_POLICY"));
    }

    private List<Map<String, Object>> statements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        Map<String, Object> role = map(recovery.resolve(template.resource("RetentionFunctionRole").properties()));
        for (Object policy : (List<?>) role.get("Policies")) {
            ((List<?>) map(map(policy).get("PolicyDocument")).get("Statement")).forEach(statement -> statements.add(map(statement)));
        }
        return statements;
    }

    private static List<Map<String, Object>> withAction(List<Map<String, Object>> statements, String action) {
        return statements.stream().filter(statement -> strings(statement.get("Action")).contains(action)).toList();
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
