package dev.lifeboat.restoredrill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.event.ruler.Machine;

/**
 * The drill's EventBridge rules (from the template, or this module's fragment until the template
 * has them) run by Event Ruler, EventBridge's own matching engine, against sample events: a drill's
 * end and a restore test's completion reach the function; an operator's restore and an ordinary
 * restore job do not.
 */
class DrillEventPatternsTest {

    private static final Template TEMPLATE = TemplateWithRestoreDrill.load();

    @ParameterizedTest(name = "{0} {2} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            DrillExecutionEndedRule  | test:events/stepfunctions-drill-execution-failed.json     | matches
            DrillExecutionEndedRule  | repo:events/stepfunctions-restore-execution-failed.json   | ignores
            DrillExecutionEndedRule  | repo:events/stepfunctions-restore-execution-succeeded.json | ignores
            DrillExecutionEndedRule  | test:events/backup-restore-testing-job-completed.json     | ignores
            RestoreTestCompletedRule | test:events/backup-restore-testing-job-completed.json     | matches
            RestoreTestCompletedRule | repo:events/backup-restore-job-completed.json             | ignores
            RestoreTestCompletedRule | repo:events/backup-restore-job-failed.json                | ignores
            RestoreTestCompletedRule | test:events/stepfunctions-drill-execution-failed.json     | ignores
            """)
    void ruleMatchesOnlyWhatTheDrillFunctionHandles(String rule, String event, String expected) throws Exception {
        // GIVEN the rule's pattern as the recovery stack deploys it
        Object pattern = new LocalNames(TEMPLATE, StackRole.RECOVERY, Map.of(), Map.of())
                .resolve(TEMPLATE.resource(rule).properties().get("EventPattern"));
        Machine machine = new Machine();
        machine.addRule(rule, Json.MAPPER.writeValueAsString(pattern));

        // WHEN the sample event is matched
        boolean matched = !machine.rulesForJSONEvent(event(event)).isEmpty();

        // THEN it matches as expected
        assertThat(matched).as("%s against %s, pattern %s", rule, event, pattern).isEqualTo(expected.equals("matches"));
    }

    private static String event(String spec) {
        return spec.startsWith("test:") ? DrillEstate.resource(spec.substring(5)) : DrillEstate.file(spec.substring(5));
    }
}
