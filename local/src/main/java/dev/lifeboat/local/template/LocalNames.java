package dev.lifeboat.local.template;

import dev.lifeboat.local.emulator.Emulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the template's intrinsic functions for one stack (primary or recovery) to the
 * predictable names its resources have in the local emulator: {@code lifeboat-<LogicalId>},
 * account {@value Emulator#ACCOUNT}, stack name {@value #STACK_NAME}. Parameters take their
 * template defaults unless overridden; {@code Role} follows the stack.
 */
public final class LocalNames {

    public static final String STACK_NAME = "lifeboat";
    public static final String PREFIX = STACK_NAME + "-";
    public static final String DEFAULT_PRIMARY_REGION = "us-east-1";
    public static final String DEFAULT_RECOVERY_REGION = "us-west-2";
    /** The parameter that names the recovery stack's region. */
    public static final String RECOVERY_REGION_PARAMETER = "RecoveryRegion";

    /** What {@code Ref AWS::NoValue} evaluates to: the property or list item is dropped. */
    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    /** The property that, when set, gives a resource its physical name, as in CloudFormation. */
    private static final Map<String, String> NAME_PROPERTIES = Map.ofEntries(
            Map.entry("AWS::DynamoDB::Table", "TableName"),
            Map.entry("AWS::SQS::Queue", "QueueName"),
            Map.entry("AWS::SNS::Topic", "TopicName"),
            Map.entry("AWS::S3::Bucket", "BucketName"),
            Map.entry("AWS::IAM::Role", "RoleName"),
            Map.entry("AWS::Lambda::Function", "FunctionName"),
            Map.entry(ServerlessFunction.TYPE, "FunctionName"),
            Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
            Map.entry("AWS::KMS::Alias", "AliasName"),
            Map.entry("AWS::SSM::Parameter", "Name"),
            Map.entry("AWS::Events::Rule", "Name"),
            Map.entry("AWS::StepFunctions::StateMachine", "StateMachineName"),
            Map.entry("AWS::Serverless::StateMachine", "Name"));

    private final Template template;
    private final StackRole role;
    private final String region;
    private final Map<String, String> parameters = new HashMap<>();
    private final Optional<String> endpoint;
    private final Map<String, Boolean> conditions = new HashMap<>();

    /**
     * Names for {@code role}'s stack. {@code environment} supplies {@code AWS_REGION} (the primary
     * region, default {@value #DEFAULT_PRIMARY_REGION}) and {@code AWS_ENDPOINT_URL} (the
     * emulator, which queue URLs start with).
     */
    public LocalNames(Template template, StackRole role, Map<String, String> parameterOverrides, Map<String, String> environment) {
        this.template = template;
        this.role = role;
        parameterOverrides.keySet().forEach(name -> {
            if (!template.parameters().containsKey(name)) {
                throw new IllegalArgumentException("Unknown parameter '" + name + "'; the template's parameters are "
                        + template.parameters().keySet());
            }
        });
        template.parameters().values().forEach(parameter -> parameter.defaultValue().ifPresent(value -> parameters.put(parameter.name(), value)));
        parameters.putAll(parameterOverrides);
        // the stack decides its role, whatever was passed
        parameters.put("Role", role.parameterValue());
        this.region = role == StackRole.PRIMARY ? primaryRegion(environment) : recoveryRegion(parameters);
        this.endpoint = Optional.ofNullable(environment.get("AWS_ENDPOINT_URL")).filter(url -> !url.isBlank())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /** The primary region: {@code AWS_REGION}, else {@value #DEFAULT_PRIMARY_REGION}. */
    public static String primaryRegion(Map<String, String> environment) {
        String region = environment.get("AWS_REGION");
        return region == null || region.isBlank() ? DEFAULT_PRIMARY_REGION : region;
    }

    private static String recoveryRegion(Map<String, String> parameters) {
        return parameters.getOrDefault(RECOVERY_REGION_PARAMETER, DEFAULT_RECOVERY_REGION);
    }

    public StackRole role() {
        return role;
    }

    /** The region this stack is in. */
    public String region() {
        return region;
    }

    /** A parameter's value in this stack. */
    public String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException(template.parameters().containsKey(name)
                    ? "Parameter '" + name + "' has no default; pass --parameter " + name + "=VALUE"
                    : "Unknown parameter '" + name + "'");
        }
        return value;
    }

    /** Whether the named condition holds in this stack. */
    public boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        Object expression = template.conditions().get(name);
        if (expression == null) {
            throw new IllegalArgumentException("Unknown condition '" + name + "'; the template's conditions are "
                    + template.conditions().keySet());
        }
        boolean value = truth(expression);
        conditions.put(name, value);
        return value;
    }

    /** Whether this stack creates the resource (it has no condition, or its condition holds). */
    public boolean deploys(Template.Resource resource) {
        return resource.condition().map(this::condition).orElse(true);
    }

    /** Whether this stack creates the function. */
    public boolean deploys(ServerlessFunction function) {
        return function.condition().map(this::condition).orElse(true);
    }

    /** A function's environment variables (Globals and its own), evaluated. */
    public Map<String, String> environment(ServerlessFunction function) {
        Map<String, String> variables = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> {
            Object resolved = resolve(value);
            if (resolved != NO_VALUE) {
                variables.put(name, text(resolved, function.logicalId() + " variable " + name));
            }
        });
        return variables;
    }

    /** Evaluates every intrinsic function in {@code value}: a string, number, boolean, list or map remains. */
    public Object resolve(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return intrinsic(key, map.values().iterator().next());
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                Object itemValue = resolve(item);
                if (itemValue != NO_VALUE) {
                    resolved.put(String.valueOf(key), itemValue);
                }
            });
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : list) {
                Object itemValue = resolve(item);
                if (itemValue != NO_VALUE) {
                    resolved.add(itemValue);
                }
            }
            return resolved;
        }
        return value;
    }

    /** Evaluates {@code value} to text, as a property or variable that must be a string. */
    public String resolveText(Object value) {
        return text(resolve(value), String.valueOf(value));
    }

    /** What {@code Ref} gives: a parameter's value, a pseudo parameter, or a resource's local name, URL or ARN. */
    public Object ref(String name) {
        if (name.startsWith("AWS::")) {
            return pseudoParameter(name);
        }
        if (template.parameters().containsKey(name)) {
            String value = parameter(name);
            String type = template.parameters().get(name).type();
            return type.startsWith("List<") || type.equals("CommaDelimitedList") ? Arrays.asList(value.split(",", -1)) : value;
        }
        if (template.resources().containsKey(name)) {
            Template.Resource resource = deployed(name);
            String physicalName = physicalName(resource);
            return switch (resource.type()) {
                case "AWS::SQS::Queue" -> queueUrl(physicalName);
                case "AWS::SNS::Topic" -> arn("sns", physicalName);
                case "AWS::KMS::Key" -> "alias/" + physicalName;
                case "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine" -> arn("states", "stateMachine:" + physicalName);
                default -> physicalName;
            };
        }
        throw new IllegalArgumentException("Unresolvable reference '" + name + "': it is not a parameter, resource or pseudo parameter of "
                + Template.FILE_NAME);
    }

    /** What {@code Fn::GetAtt} gives for the attributes that have a local value ({@code Arn}, {@code QueueName} …). */
    public Object getAtt(String logicalId, String attribute) {
        Template.Resource resource = deployed(logicalId);
        String type = resource.type();
        String name = physicalName(resource);
        if (attribute.equals("Arn")) {
            return arn(resource);
        }
        return switch (type + "." + attribute) {
            case "AWS::SQS::Queue.QueueName", "AWS::SNS::Topic.TopicName",
                 "AWS::StepFunctions::StateMachine.Name", "AWS::Serverless::StateMachine.Name" -> name;
            case "AWS::SQS::Queue.QueueUrl" -> queueUrl(name);
            case "AWS::SNS::Topic.TopicArn" -> arn("sns", name);
            default -> throw new IllegalArgumentException("Fn::GetAtt " + logicalId + "." + attribute + " (" + type
                    + ") has no local value; local attributes are Arn, QueueName, QueueUrl, TopicName, TopicArn and a state machine's Name");
        };
    }

    /** The name a resource has in the emulator. */
    public String physicalName(String logicalId) {
        return physicalName(template.resource(logicalId));
    }

    /** The ARN a resource has in the emulator ({@code Fn::GetAtt X.Arn}). */
    public String arn(String logicalId) {
        return arn(deployed(logicalId));
    }

    private String physicalName(Template.Resource resource) {
        String nameProperty = NAME_PROPERTIES.get(resource.type());
        if (nameProperty != null && resource.properties().containsKey(nameProperty)) {
            return resolveText(resource.properties().get(nameProperty));
        }
        if (resource.type().equals("AWS::S3::Bucket")) {
            // bucket names are global, lower case: the account keeps them apart
            return PREFIX + resource.logicalId().toLowerCase(Locale.ROOT) + "-" + Emulator.ACCOUNT;
        }
        return PREFIX + resource.logicalId();
    }

    private String arn(Template.Resource resource) {
        String name = physicalName(resource);
        return switch (resource.type()) {
            case "AWS::DynamoDB::Table" -> arn("dynamodb", "table/" + name);
            case "AWS::SQS::Queue" -> arn("sqs", name);
            case "AWS::SNS::Topic" -> arn("sns", name);
            // the key's id is random; its alias is the name the key is known by locally
            case "AWS::KMS::Key" -> arn("kms", "alias/" + name);
            case "AWS::KMS::Alias" -> arn("kms", name);
            case "AWS::Lambda::Function", ServerlessFunction.TYPE -> arn("lambda", "function:" + name);
            case "AWS::IAM::Role" -> "arn:aws:iam::" + Emulator.ACCOUNT + ":role/" + name;
            case "AWS::Logs::LogGroup" -> arn("logs", "log-group:" + name + ":*");
            case "AWS::S3::Bucket" -> "arn:aws:s3:::" + name;
            case "AWS::Events::Rule" -> arn("events", "rule/" + name);
            case "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine" -> arn("states", "stateMachine:" + name);
            default -> throw new IllegalArgumentException("Fn::GetAtt " + resource.logicalId() + ".Arn: no local ARN for type " + resource.type());
        };
    }

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + Emulator.ACCOUNT + ":" + resource;
    }

    private String queueUrl(String queueName) {
        String base = endpoint.orElseThrow(() -> new IllegalStateException(
                "AWS_ENDPOINT_URL is not set: a local queue URL (" + queueName + ") starts with the emulator's endpoint"));
        return base + "/" + Emulator.ACCOUNT + "/" + queueName;
    }

    /** The resource, which must exist in this stack: CloudFormation rejects a reference to one that doesn't. */
    private Template.Resource deployed(String logicalId) {
        Template.Resource resource = template.resource(logicalId);
        if (!deploys(resource)) {
            throw new IllegalArgumentException("Resource " + logicalId + " is not in the " + role.parameterValue()
                    + " stack (Condition " + resource.condition().orElseThrow() + " is false there)");
        }
        return resource;
    }

    private Object pseudoParameter(String name) {
        return switch (name) {
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> Emulator.ACCOUNT;
            case "AWS::StackName" -> STACK_NAME;
            case "AWS::StackId" -> arn("cloudformation", "stack/" + STACK_NAME + "/local");
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::NotificationARNs" -> List.of();
            case "AWS::NoValue" -> NO_VALUE;
            default -> throw new IllegalArgumentException("Unknown pseudo parameter '" + name + "'");
        };
    }

    private Object intrinsic(String function, Object argument) {
        return switch (function) {
            case "Ref" -> ref(text(argument, "Ref"));
            case "Fn::GetAtt" -> {
                if (argument instanceof String dotted && dotted.indexOf('.') > 0) {
                    yield getAtt(dotted.substring(0, dotted.indexOf('.')), dotted.substring(dotted.indexOf('.') + 1));
                }
                List<?> parts = list(argument, function, 2);
                yield getAtt(text(resolve(parts.get(0)), function), text(resolve(parts.get(1)), function));
            }
            case "Fn::Sub" -> argument instanceof List<?> form
                    ? substitute(text(list(form, function, 2).get(0), function), Template.asMap(form.get(1), "Fn::Sub variables"))
                    : substitute(text(argument, function), Map.of());
            case "Fn::Join" -> {
                List<?> parts = list(argument, function, 2);
                List<String> items = list(resolve(parts.get(1)), function, -1).stream().map(item -> text(item, function)).toList();
                yield String.join(text(resolve(parts.get(0)), function), items);
            }
            case "Fn::Select" -> {
                List<?> parts = list(argument, function, 2);
                List<?> items = list(resolve(parts.get(1)), function, -1);
                int index = Integer.parseInt(text(resolve(parts.get(0)), function));
                if (index < 0 || index >= items.size()) {
                    throw new IllegalArgumentException("Fn::Select index " + index + " is outside " + items);
                }
                yield items.get(index);
            }
            case "Fn::Split" -> {
                List<?> parts = list(argument, function, 2);
                yield Arrays.asList(text(resolve(parts.get(1)), function).split(Pattern.quote(text(resolve(parts.get(0)), function)), -1));
            }
            case "Fn::If" -> {
                List<?> parts = list(argument, function, 3);
                yield resolve(condition(text(parts.get(0), function)) ? parts.get(1) : parts.get(2));
            }
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" -> truth(Map.of(function, argument));
            case "Fn::FindInMap" -> {
                List<?> parts = list(argument, function, 3);
                String map = text(resolve(parts.get(0)), function);
                String top = text(resolve(parts.get(1)), function);
                String second = text(resolve(parts.get(2)), function);
                Object value = Template.asMap(Template.asMap(template.mappings().get(map), "Mappings." + map).get(top), map + "." + top).get(second);
                if (value == null) {
                    throw new IllegalArgumentException("Fn::FindInMap: no " + map + "." + top + "." + second + " in Mappings");
                }
                yield value;
            }
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(text(resolve(argument), function).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs" -> List.of(region + "a", region + "b", region + "c");
            case "Fn::ImportValue" -> throw new IllegalArgumentException("Fn::ImportValue " + resolve(argument)
                    + " has no local value: locally there are no other stacks to import from");
            default -> throw new IllegalArgumentException("Intrinsic function " + function + " is not supported locally");
        };
    }

    /** Evaluates a condition expression: Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition, or a literal. */
    private boolean truth(Object expression) {
        if (expression instanceof Boolean value) {
            return value;
        }
        if (expression instanceof String value && (value.equals("true") || value.equals("false"))) {
            return Boolean.parseBoolean(value);
        }
        if (expression instanceof Map<?, ?> map && map.size() == 1) {
            String function = String.valueOf(map.keySet().iterator().next());
            Object argument = map.values().iterator().next();
            switch (function) {
                case "Condition":
                    return condition(text(argument, function));
                case "Fn::Equals": {
                    List<?> sides = list(argument, function, 2);
                    return comparable(resolve(sides.get(0))).equals(comparable(resolve(sides.get(1))));
                }
                case "Fn::Not":
                    return !truth(list(argument, function, 1).get(0));
                case "Fn::And":
                    return list(argument, function, -1).stream().allMatch(this::truth);
                case "Fn::Or":
                    return list(argument, function, -1).stream().anyMatch(this::truth);
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("Not a condition: " + expression);
    }

    /** CloudFormation compares parameter values as text: 24 equals '24'. */
    private static Object comparable(Object value) {
        return value instanceof Number || value instanceof Boolean ? String.valueOf(value) : value;
    }

    private String substitute(String pattern, Map<String, Object> variables) {
        Matcher matcher = SUB_VARIABLE.matcher(pattern);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1).trim();
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables.containsKey(variable)) {
                replacement = text(resolve(variables.get(variable)), "Fn::Sub ${" + variable + "}");
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                replacement = text(getAtt(variable.substring(0, dot), variable.substring(dot + 1)), "Fn::Sub ${" + variable + "}");
            } else {
                replacement = text(ref(variable), "Fn::Sub ${" + variable + "}");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static String text(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new IllegalArgumentException(where + ": expected text, got " + value);
    }

    private static List<?> list(Object value, String where, int size) {
        if (!(value instanceof List<?> list) || (size >= 0 && list.size() != size)) {
            throw new IllegalArgumentException(where + ": expected a list" + (size >= 0 ? " of " + size : "") + ", got " + value);
        }
        return list;
    }
}
