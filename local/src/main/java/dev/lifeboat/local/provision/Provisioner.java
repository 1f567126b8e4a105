package dev.lifeboat.local.provision;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Creates the template's stateful resources in the emulator under their local names
 * ({@link LocalNames}): the primary stack's in the primary region, the recovery stack's in the
 * recovery region, unconditioned ones in both. Types without a creator (IAM, alarms, rules,
 * functions …) are reported as skipped. Running it again creates nothing new.
 */
public final class Provisioner {

    /** What {@link #up} did with one resource of one stack. */
    public enum Outcome { CREATED, EXISTS, SKIPPED }

    /** One resource of one stack and what became of it; {@code name} is its local name (empty when skipped). */
    public record Provisioned(StackRole role, String region, String logicalId, String type, String name, Outcome outcome) {

        /** The line {@link #up} prints. */
        public String line() {
            String where = "[" + role.parameterValue() + " " + region + "] " + logicalId;
            return outcome == Outcome.SKIPPED
                    ? where + ": skipped (" + type + ")"
                    : where + " " + name + ": " + outcome.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Creates one type of resource unless it exists; answers whether it created it. */
    @FunctionalInterface
    interface Creator {
        boolean create(Template.Resource resource, LocalNames names, RegionClients clients);
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}.]*)[^}]*}");

    private final Template template;
    private final Map<String, String> parameterOverrides;
    private final Map<String, String> environment;
    private final Consumer<String> output;
    private final Map<String, Creator> creators = new LinkedHashMap<>();

    /**
     * A provisioner for the emulator at {@code environment}'s {@code AWS_ENDPOINT_URL} (required:
     * it never creates anything elsewhere). Each outcome's line goes to {@code output}.
     */
    public Provisioner(Template template, Map<String, String> parameterOverrides, Map<String, String> environment, Consumer<String> output) {
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalStateException("AWS_ENDPOINT_URL is not set: up creates the template's resources in the emulator it names."
                    + " Start one (moto_server -p 5000) and export AWS_ENDPOINT_URL=http://127.0.0.1:5000");
        }
        this.template = template;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
        this.environment = Map.copyOf(environment);
        this.output = output;
        creators.put("AWS::KMS::Key", Provisioner::key);
        creators.put("AWS::KMS::Alias", Provisioner::alias);
        creators.put("AWS::DynamoDB::Table", Provisioner::table);
        creators.put("AWS::SQS::Queue", Provisioner::queue);
        creators.put("AWS::SNS::Topic", Provisioner::topic);
        creators.put("AWS::S3::Bucket", Provisioner::bucket);
        creators.put("AWS::SSM::Parameter", Provisioner::parameter);
    }

    /** Creates what is missing, in both stacks, and reports every resource of both. */
    public List<Provisioned> up() {
        AwsClientFactory factory = new AwsClientFactory(environment);
        List<Provisioned> provisioned = new ArrayList<>();
        for (StackRole role : StackRole.values()) {
            LocalNames names = new LocalNames(template, role, parameterOverrides, environment);
            try (RegionClients clients = RegionClients.of(factory, names.region())) {
                for (Template.Resource resource : creationOrder(names)) {
                    Provisioned outcome = provision(resource, names, clients);
                    output.accept(outcome.line());
                    provisioned.add(outcome);
                }
            }
        }
        return provisioned;
    }

    private Provisioned provision(Template.Resource resource, LocalNames names, RegionClients clients) {
        Creator creator = creators.get(resource.type());
        if (creator == null) {
            return new Provisioned(names.role(), names.region(), resource.logicalId(), resource.type(), "", Outcome.SKIPPED);
        }
        Outcome outcome = creator.create(resource, names, clients) ? Outcome.CREATED : Outcome.EXISTS;
        return new Provisioned(names.role(), names.region(), resource.logicalId(), resource.type(),
                String.valueOf(names.ref(resource.logicalId())), outcome);
    }

    /** The stack's resources, each after those it refers to (a queue after its dead-letter queue, an alias after its key). */
    private List<Template.Resource> creationOrder(LocalNames names) {
        Map<String, Template.Resource> inStack = new LinkedHashMap<>();
        template.resources().values().stream().filter(names::deploys).forEach(r -> inStack.put(r.logicalId(), r));
        Set<String> ordered = new LinkedHashSet<>();
        inStack.keySet().forEach(id -> visit(id, inStack, ordered, new HashMap<>()));
        return ordered.stream().map(inStack::get).toList();
    }

    private static void visit(String id, Map<String, Template.Resource> inStack, Set<String> ordered, Map<String, Boolean> visiting) {
        if (ordered.contains(id) || visiting.put(id, true) != null) {
            return;
        }
        Set<String> references = new LinkedHashSet<>();
        collectReferences(inStack.get(id).properties(), references);
        references.stream().filter(inStack::containsKey).forEach(reference -> visit(reference, inStack, ordered, visiting));
        ordered.add(id);
    }

    private static void collectReferences(Object value, Set<String> references) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                Object argument = map.values().iterator().next();
                switch (key) {
                    case "Ref" -> references.add(String.valueOf(argument));
                    case "Fn::GetAtt" -> references.add(argument instanceof List<?> parts
                            ? String.valueOf(parts.get(0)) : String.valueOf(argument).split("\\.")[0]);
                    case "Fn::Sub" -> {
                        Object pattern = argument instanceof List<?> parts ? parts.get(0) : argument;
                        Matcher matcher = SUB_VARIABLE.matcher(String.valueOf(pattern));
                        while (matcher.find()) {
                            references.add(matcher.group(1));
                        }
                    }
                    default -> { }
                }
            }
            map.values().forEach(item -> collectReferences(item, references));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> collectReferences(item, references));
        }
    }

    // ---------------------------------------------------------------- creators

    /** A key, known locally by its alias {@code alias/lifeboat-<LogicalId>} (its id is random). */
    private static boolean key(Template.Resource resource, LocalNames names, RegionClients clients) {
        String alias = String.valueOf(names.ref(resource.logicalId()));
        if (kmsKeyExists(clients, alias)) {
            return false;
        }
        Object description = resource.properties().get("Description");
        String keyId = clients.kms().createKey(b -> {
            if (description != null) {
                b.description(names.resolveText(description));
            }
        }).keyMetadata().keyId();
        clients.kms().createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
        return true;
    }

    private static boolean alias(Template.Resource resource, LocalNames names, RegionClients clients) {
        String alias = names.resolveText(resource.properties().get("AliasName"));
        if (kmsKeyExists(clients, alias)) {
            return false;
        }
        // TargetKeyId is usually a Ref to a key, which is locally an alias: CreateAlias wants the key's id
        String target = names.resolveText(resource.properties().get("TargetKeyId"));
        String keyId = clients.kms().describeKey(b -> b.keyId(target)).keyMetadata().keyId();
        try {
            clients.kms().createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
            return true;
        } catch (AlreadyExistsException e) {
            return false;
        }
    }

    private static boolean kmsKeyExists(RegionClients clients, String keyIdOrAlias) {
        try {
            clients.kms().describeKey(b -> b.keyId(keyIdOrAlias));
            return true;
        } catch (software.amazon.awssdk.services.kms.model.NotFoundException e) {
            return false;
        }
    }

    private static boolean table(Template.Resource resource, LocalNames names, RegionClients clients) {
        String name = names.physicalName(resource.logicalId());
        try {
            clients.dynamoDb().describeTable(b -> b.tableName(name));
            return false;
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            // not there yet
        }
        List<KeySchemaElement> keys = entries(resource, names, "KeySchema").stream()
                .map(key -> KeySchemaElement.builder().attributeName(key.get("AttributeName")).keyType(key.get("KeyType")).build())
                .toList();
        List<AttributeDefinition> attributes = entries(resource, names, "AttributeDefinitions").stream()
                .map(a -> AttributeDefinition.builder().attributeName(a.get("AttributeName")).attributeType(a.get("AttributeType")).build())
                .toList();
        try {
            clients.dynamoDb().createTable(b -> b.tableName(name).keySchema(keys).attributeDefinitions(attributes)
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException e) {
            return false;
        }
        Object ttl = names.resolve(resource.properties().get("TimeToLiveSpecification"));
        if (ttl instanceof Map<?, ?> spec && Boolean.parseBoolean(String.valueOf(spec.get("Enabled")))) {
            clients.dynamoDb().updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(t -> t.attributeName(String.valueOf(spec.get("AttributeName"))).enabled(true)));
        }
        return true;
    }

    /** A queue with every property that is an SQS attribute (RedrivePolicy as JSON, with the dead-letter queue's local ARN). */
    private static boolean queue(Template.Resource resource, LocalNames names, RegionClients clients) {
        String name = names.physicalName(resource.logicalId());
        try {
            clients.sqs().getQueueUrl(b -> b.queueName(name));
            return false;
        } catch (QueueDoesNotExistException e) {
            // not there yet
        }
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        resource.properties().forEach((property, value) -> {
            QueueAttributeName attribute = QueueAttributeName.fromValue(property);
            if (attribute != null && attribute != QueueAttributeName.UNKNOWN_TO_SDK_VERSION) {
                Object resolved = names.resolve(value);
                attributes.put(attribute, resolved instanceof Map<?, ?> || resolved instanceof List<?> ? json(resolved) : String.valueOf(resolved));
            }
        });
        try {
            clients.sqs().createQueue(b -> b.queueName(name).attributes(attributes));
            return true;
        } catch (QueueNameExistsException e) {
            return false;
        }
    }

    private static boolean topic(Template.Resource resource, LocalNames names, RegionClients clients) {
        String arn = String.valueOf(names.ref(resource.logicalId()));
        try {
            clients.sns().getTopicAttributes(b -> b.topicArn(arn));
            return false;
        } catch (software.amazon.awssdk.services.sns.model.NotFoundException e) {
            // not there yet
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String attribute : List.of("DisplayName", "KmsMasterKeyId", "FifoTopic", "ContentBasedDeduplication")) {
            if (resource.properties().containsKey(attribute)) {
                attributes.put(attribute, names.resolveText(resource.properties().get(attribute)));
            }
        }
        // CreateTopic answers the existing topic for a name that is taken: nothing to catch
        clients.sns().createTopic(b -> b.name(names.physicalName(resource.logicalId())).attributes(attributes));
        return true;
    }

    private static boolean bucket(Template.Resource resource, LocalNames names, RegionClients clients) {
        String name = names.physicalName(resource.logicalId());
        try {
            clients.s3().headBucket(b -> b.bucket(name));
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        try {
            clients.s3().createBucket(b -> {
                b.bucket(name);
                if (!names.region().equals("us-east-1")) {
                    b.createBucketConfiguration(c -> c.locationConstraint(names.region()));
                }
            });
        } catch (BucketAlreadyOwnedByYouException e) {
            return false;
        }
        if (names.resolve(resource.properties().get("BucketEncryption")) instanceof Map<?, ?> encryption
                && encryption.get("ServerSideEncryptionConfiguration") instanceof List<?> rules) {
            List<ServerSideEncryptionRule> sseRules = rules.stream().map(rule -> {
                Map<?, ?> fields = (Map<?, ?>) rule;
                Map<?, ?> byDefault = (Map<?, ?>) fields.get("ServerSideEncryptionByDefault");
                return ServerSideEncryptionRule.builder()
                        .bucketKeyEnabled(fields.containsKey("BucketKeyEnabled") ? Boolean.valueOf(String.valueOf(fields.get("BucketKeyEnabled"))) : null)
                        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(String.valueOf(byDefault.get("SSEAlgorithm")))
                                .kmsMasterKeyID(byDefault.containsKey("KMSMasterKeyID") ? String.valueOf(byDefault.get("KMSMasterKeyID")) : null))
                        .build();
            }).toList();
            clients.s3().putBucketEncryption(b -> b.bucket(name).serverSideEncryptionConfiguration(c -> c.rules(sseRules)));
        }
        if (names.resolve(resource.properties().get("VersioningConfiguration")) instanceof Map<?, ?> versioning) {
            clients.s3().putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status(String.valueOf(versioning.get("Status")))));
        }
        return true;
    }

    private static boolean parameter(Template.Resource resource, LocalNames names, RegionClients clients) {
        String name = names.physicalName(resource.logicalId());
        try {
            clients.ssm().getParameter(b -> b.name(name));
            return false;
        } catch (ParameterNotFoundException e) {
            // not there yet
        }
        Object type = resource.properties().getOrDefault("Type", "String");
        try {
            clients.ssm().putParameter(b -> b.name(name).type(names.resolveText(type))
                    .value(names.resolveText(resource.properties().get("Value"))));
            return true;
        } catch (ParameterAlreadyExistsException e) {
            return false;
        }
    }

    /** A list property of maps of text, such as KeySchema, evaluated. */
    private static List<Map<String, String>> entries(Template.Resource resource, LocalNames names, String property) {
        if (!(names.resolve(resource.properties().get(property)) instanceof List<?> list)) {
            throw new IllegalArgumentException(resource.logicalId() + "." + property + " must be a list");
        }
        return list.stream().map(entry -> {
            Map<String, String> fields = new LinkedHashMap<>();
            ((Map<?, ?>) entry).forEach((key, value) -> fields.put(String.valueOf(key), String.valueOf(value)));
            return fields;
        }).toList();
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value + " as JSON", e);
        }
    }
}
