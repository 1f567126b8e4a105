package dev.lifeboat.startrestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.local.restore.MotoRdsSpelling;
import dev.lifeboat.local.restore.RestoreWorkflow;
import dev.lifeboat.shared.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The restore state machine's {@code aws-sdk:rds} tasks are spelled as Step Functions on AWS takes
 * them (AWS SDK for Java v2 member names), and the harness's translation to moto's spelling
 * touches those tasks' parameter names and result paths only.
 */
class RdsTaskSpellingTest {

    /** An acronym written in capitals at the start of a field name, as the RDS API reference does and the SDK does not. */
    private static final Pattern API_CASING = Pattern.compile("(?<![A-Za-z0-9_])DB[A-Z][A-Za-z]*");

    private static JsonNode templateDefinition() {
        return Json.MAPPER.valueToTree(RecoveryEstate.TEMPLATE.resource(RestoreWorkflow.STATE_MACHINE).properties().get("Definition"));
    }

    @Test
    void everyRdsTaskOfTheTemplateUsesSdkMemberNamesOnly() {
        List<ObjectNode> tasks = MotoRdsSpelling.rdsTasks(templateDefinition());

        assertThat(tasks).as("the restore workflow's aws-sdk:rds tasks").hasSizeGreaterThanOrEqualTo(6);
        for (ObjectNode task : tasks) {
            List<String> names = new ArrayList<>();
            keysAndPaths(task.path("Parameters"), names);
            keysAndPaths(task.path("ResultSelector"), names);
            assertThat(names).as("parameter names and result paths of %s", task.path("Resource").asText())
                    .noneMatch(name -> API_CASING.matcher(name).find());
        }
    }

    @Test
    void theTemplatesRdsTaskNamesAllHaveAMotoSpelling() {
        JsonNode moto = MotoRdsSpelling.forMoto(templateDefinition());

        String deployed = templateDefinition().toString();
        assertThat(deployed).contains("\"DbInstanceIdentifier.$\"", "$.DbInstances[*].DbInstanceStatus");
        assertThat(moto.toString()).contains("\"DBInstanceIdentifier.$\"", "$.DBInstances[*].DBInstanceStatus",
                "\"DBClusterIdentifier.$\"", "$.DBCluster.DBClusterIdentifier");
        for (ObjectNode task : MotoRdsSpelling.rdsTasks(moto)) {
            List<String> names = new ArrayList<>();
            keysAndPaths(task.path("Parameters"), names);
            assertThat(names).noneMatch(name -> name.matches("^Db[A-Z].*"));
        }
    }

    @Test
    void translationLeavesTheStatesInputPathsAndOtherServicesAlone() {
        JsonNode definition = read("""
                {"StartAt": "Restore", "States": {
                  "Restore": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:rds:restoreDBInstanceFromDBSnapshot",
                    "Parameters": {"DbInstanceIdentifier.$": "$.plan.restoreRequest.DbInstanceIdentifier",
                                   "Tags": [{"Key": "DbInstanceClass", "Value": "DbInstance"}]},
                    "ResultSelector": {"id.$": "$.DbInstance.DbInstanceIdentifier", "DbInstance": "kept"},
                    "ResultPath": "$.DbInstance", "Next": "Other"},
                  "Other": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:ec2:createVolume",
                    "Parameters": {"DbInstanceIdentifier": "x"}, "ResultSelector": {"id.$": "$.DbInstance"}, "End": true}}}""");

        JsonNode moto = MotoRdsSpelling.forMoto(definition);

        JsonNode restore = moto.path("States").path("Restore");
        assertThat(restore.path("Parameters").path("DBInstanceIdentifier.$").asText()).isEqualTo("$.plan.restoreRequest.DbInstanceIdentifier");
        assertThat(restore.path("Parameters").path("Tags").get(0).path("Key").asText()).isEqualTo("DbInstanceClass");
        assertThat(restore.path("Parameters").path("Tags").get(0).path("Value").asText()).isEqualTo("DbInstance");
        assertThat(restore.path("ResultSelector").path("id.$").asText()).isEqualTo("$.DBInstance.DBInstanceIdentifier");
        assertThat(restore.path("ResultSelector").path("DbInstance").asText()).isEqualTo("kept");
        assertThat(restore.path("ResultPath").asText()).isEqualTo("$.DbInstance");
        assertThat(moto.path("States").path("Other")).isEqualTo(definition.path("States").path("Other"));
        assertThat(definition.path("States").path("Restore").path("Parameters").has("DbInstanceIdentifier.$")).isTrue();
    }

    @Test
    void translationRewritesRdsTasksInsideMapItemProcessors() {
        JsonNode definition = read("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                  "ItemProcessor": {"StartAt": "Create", "States": {"Create": {"Type": "Task",
                    "Resource": "arn:aws:states:::aws-sdk:rds:createDBInstance",
                    "Parameters": {"DbClusterIdentifier.$": "$.DbClusterIdentifier"}, "End": true}}}}}}""");

        JsonNode create = MotoRdsSpelling.forMoto(definition).path("States").path("Each").path("ItemProcessor").path("States").path("Create");

        assertThat(create.path("Parameters").path("DBClusterIdentifier.$").asText()).isEqualTo("$.DbClusterIdentifier");
    }

    @Test
    void anSdkNameMissingFromTheTableFailsInsteadOfReachingMotoHalfTranslated() {
        JsonNode definition = read("""
                {"StartAt": "Describe", "States": {"Describe": {"Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:rds:describeDBParameterGroups",
                  "Parameters": {"DbParameterGroupName": "x"}, "End": true}}}""");

        assertThatThrownBy(() -> MotoRdsSpelling.forMoto(definition))
                .hasMessageContaining("DbParameterGroupName").hasMessageContaining("SDK_TO_API");
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void keysAndPaths(JsonNode node, List<String> names) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                names.add(field.getKey());
                if (field.getKey().endsWith(".$") && field.getValue().isTextual()) {
                    names.add(field.getValue().asText());
                }
                keysAndPaths(field.getValue(), names);
            });
        } else if (node.isArray()) {
            node.forEach(item -> keysAndPaths(item, names));
        }
    }
}
