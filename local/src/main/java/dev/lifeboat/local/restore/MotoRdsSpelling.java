package dev.lifeboat.local.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a state machine definition's {@code aws-sdk:rds} tasks from AWS's spelling to moto's.
 *
 * <p>On AWS, Step Functions' AWS SDK integrations name parameters and results as the AWS SDK for
 * Java v2 does, acronyms written as words ({@code DbInstanceIdentifier}, {@code $.DbInstances}).
 * Moto 5.2's interpreter hands the parameters to boto3, which takes only the RDS API reference's
 * names ({@code DBInstanceIdentifier}), and returns boto3's result ({@code $.DBInstances}). The
 * template is written for AWS; the harness translates, when it creates the state machine in moto:
 *
 * <ul>
 *   <li>only in Task states whose Resource is {@code arn:aws:states:::aws-sdk:rds:*};</li>
 *   <li>the keys of their {@code Parameters} (at any depth; values are paths over the state's
 *       input and stay as they are);</li>
 *   <li>the field names in the paths and intrinsic functions of their {@code ResultSelector},
 *       which read the task's result;</li>
 *   <li>only the names in {@link #SDK_TO_API}: a {@code Db…} name missing from it fails loudly
 *       instead of reaching moto half-translated.</li>
 * </ul>
 */
public final class MotoRdsSpelling {

    /** The RDS names the restore workflow uses: SDK for Java v2 member name → RDS API reference name. */
    public static final Map<String, String> SDK_TO_API = table(
            "DbInstanceIdentifier", "DBInstanceIdentifier",
            "DbSnapshotIdentifier", "DBSnapshotIdentifier",
            "DbClusterIdentifier", "DBClusterIdentifier",
            "DbClusterSnapshotIdentifier", "DBClusterSnapshotIdentifier",
            "DbSubnetGroupName", "DBSubnetGroupName",
            "DbInstanceClass", "DBInstanceClass",
            "DbInstance", "DBInstance",
            "DbInstances", "DBInstances",
            "DbInstanceStatus", "DBInstanceStatus",
            "DbCluster", "DBCluster",
            "DbClusters", "DBClusters",
            "DbClusterMembers", "DBClusterMembers");

    static final String RDS_RESOURCE = "arn:aws:states:::aws-sdk:rds:";

    /** A name written the SDK's way: {@code Db} and then a capital, as a whole JSONPath field. */
    private static final Pattern SDK_NAME = Pattern.compile("(?<![A-Za-z0-9_])Db[A-Z][A-Za-z0-9]*");

    private MotoRdsSpelling() {
    }

    /** {@code definition} with its {@code aws-sdk:rds} tasks spelled for moto; {@code definition} itself is not changed. */
    public static JsonNode forMoto(JsonNode definition) {
        JsonNode copy = definition.deepCopy();
        rewriteTasks(copy);
        return copy;
    }

    /** Every Task state, at any depth (Map item processors, Parallel branches), that calls {@code aws-sdk:rds}. */
    public static List<ObjectNode> rdsTasks(JsonNode definition) {
        List<ObjectNode> tasks = new ArrayList<>();
        collect(definition, tasks);
        return tasks;
    }

    private static void collect(JsonNode node, List<ObjectNode> tasks) {
        if (node instanceof ObjectNode object && "Task".equals(object.path("Type").asText())
                && object.path("Resource").asText().startsWith(RDS_RESOURCE)) {
            tasks.add(object);
        }
        node.forEach(child -> collect(child, tasks));
    }

    private static void rewriteTasks(JsonNode definition) {
        for (ObjectNode task : rdsTasks(definition)) {
            String state = task.path("Resource").asText();
            if (task.get("Parameters") instanceof ObjectNode parameters) {
                task.set("Parameters", renameKeys(parameters, state));
            }
            if (task.get("ResultSelector") instanceof ObjectNode selector) {
                task.set("ResultSelector", rewritePaths(selector, state));
            }
        }
    }

    private static JsonNode renameKeys(JsonNode node, String state) {
        if (node instanceof ObjectNode object) {
            ObjectNode renamed = JsonNodeFactory.instance.objectNode();
            object.properties().forEach(field -> {
                String key = field.getKey();
                String name = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
                renamed.set(apiName(name, state) + key.substring(name.length()), renameKeys(field.getValue(), state));
            });
            return renamed;
        }
        if (node.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> array.add(renameKeys(item, state)));
            return array;
        }
        return node;
    }

    private static JsonNode rewritePaths(JsonNode node, String state) {
        if (node instanceof ObjectNode object) {
            ObjectNode rewritten = JsonNodeFactory.instance.objectNode();
            object.properties().forEach(field -> rewritten.set(field.getKey(),
                    field.getKey().endsWith(".$") && field.getValue().isTextual()
                            ? TextNode.valueOf(rewritePath(field.getValue().asText(), state))
                            : rewritePaths(field.getValue(), state)));
            return rewritten;
        }
        return node;
    }

    /** The field names in a JSONPath or intrinsic function ({@code States.ArrayGetItem($.DbInstances[*].DbInstanceStatus, 0)}). */
    static String rewritePath(String path, String state) {
        Matcher matcher = SDK_NAME.matcher(path);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(apiName(matcher.group(), state)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String apiName(String name, String state) {
        String api = SDK_TO_API.get(name);
        if (api != null) {
            return api;
        }
        if (SDK_NAME.matcher(name).matches()) {
            throw new IllegalStateException("No moto spelling for " + name + " in " + state
                    + ": add it to MotoRdsSpelling.SDK_TO_API with its RDS API reference name");
        }
        return name;
    }

    private static Map<String, String> table(String... pairs) {
        Map<String, String> table = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            table.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(table);
    }
}
