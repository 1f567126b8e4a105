package dev.lifeboat.rpomonitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The recovery region as the monitor finds it, in moto: Lifeboat copies with provenance tags
 * (as the copy function makes them), the primary region's tagged resources, the fold table, the
 * policy document, and an operator's inbox (an SQS queue subscribed to the alert topic).
 */
final class RpoEstate {

    static final String PRIMARY = Emulator.PRIMARY.id();
    static final String RECOVERY = Emulator.RECOVERY.id();
    static final String ACCOUNT = Emulator.ACCOUNT;
    static final String TABLE = "lifeboat-rpo-alerts";
    static final String POLICY_PARAMETER = "/lifeboat/policies";

    final Emulator emulator;
    final Ec2Client primaryEc2;
    final RdsClient primaryRds;
    final Ec2Client recoveryEc2;
    final RdsClient recoveryRds;
    final DynamoDbClient dynamoDb;
    final SqsClient sqs;
    final String topicArn;
    private final String inboxUrl;

    RpoEstate(Emulator emulator) {
        this.emulator = emulator;
        this.primaryEc2 = emulator.client(Ec2Client.builder(), Emulator.PRIMARY);
        this.primaryRds = emulator.client(RdsClient.builder(), Emulator.PRIMARY);
        this.recoveryEc2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        this.recoveryRds = emulator.client(RdsClient.builder(), Emulator.RECOVERY);
        this.dynamoDb = emulator.client(DynamoDbClient.builder(), Emulator.RECOVERY);
        dynamoDb.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        SnsClient sns = emulator.client(SnsClient.builder(), Emulator.RECOVERY);
        this.sqs = emulator.client(SqsClient.builder(), Emulator.RECOVERY);
        this.topicArn = sns.createTopic(r -> r.name("lifeboat-alerts")).topicArn();
        this.inboxUrl = sqs.createQueue(r -> r.queueName("on-call-inbox")).queueUrl();
        String inboxArn = sqs.getQueueAttributes(r -> r.queueUrl(inboxUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(inboxArn).attributes(Map.of("RawMessageDelivery", "true")));
        policies("""
                {"policies": {"gold": {"rpoHours": 4}, "silver": {"rpoHours": 24}}}""");
    }

    /** The function's environment in the recovery region, as the template gives it, plus {@code overrides}. */
    Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> variables = new HashMap<>();
        variables.put("AWS_REGION", RECOVERY);
        variables.put("RPO_ALERT_TABLE", TABLE);
        variables.put("ALERT_TOPIC_ARN", topicArn);
        variables.put("POLICY_PARAMETER", POLICY_PARAMETER);
        variables.put("PRIMARY_REGION", PRIMARY);
        variables.put("PRIMARY_TIMEOUT_SECONDS", "2");
        variables.put("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat");
        variables.putAll(overrides);
        return emulator.environment(variables);
    }

    void policies(String json) {
        emulator.client(SsmClient.builder(), Emulator.RECOVERY).putParameter(r -> r.name(POLICY_PARAMETER).type(ParameterType.STRING)
                .overwrite(true).value(json));
    }

    /** One run of the handler at {@code clock}'s time: its JSON result and what it printed. */
    Run run(Map<String, String> overrides, Clock clock) {
        return run(new RpoMonitorHandler(environment(overrides), clock), Map.of());
    }

    Run run(RpoMonitorHandler handler, Map<String, Object> input) {
        CapturedStdout.Result<Map<String, Object>> result = CapturedStdout.capture(() ->
                handler.handleRequest(input, LambdaTestContext.forFunction("lifeboat-rpo-monitor")));
        return new Run(Json.MAPPER.valueToTree(result.value()), result.output());
    }

    record Run(JsonNode summary, String output) {

        JsonNode resource(String sourceArn) {
            return StreamSupport.stream(summary.path("resources").spliterator(), false)
                    .filter(line -> line.path("sourceArn").asText().equals(sourceArn)).findFirst()
                    .orElseThrow(() -> new AssertionError(sourceArn + " is not in the summary: " + summary));
        }
    }

    /** Every message the on-call inbox received since the last call. */
    List<String> alerts() {
        List<String> messages = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(inboxUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            batch.forEach(message -> {
                messages.add(message.body());
                sqs.deleteMessage(r -> r.queueUrl(inboxUrl).receiptHandle(message.receiptHandle()));
            });
        } while (!batch.isEmpty());
        return messages;
    }

    // ---------------------------------------------------------------- primary region

    /** A volume in the primary region tagged with {@code policy}; answers its id. */
    String primaryVolume(String policy) {
        return primaryEc2.createVolume(r -> r.availabilityZone(PRIMARY + "a").size(8)
                .tagSpecifications(ec2Tags(ResourceType.VOLUME, Map.of(LifeboatTags.POLICY, policy)))).volumeId();
    }

    static String volumeArn(String volume) {
        return "arn:aws:ec2:" + PRIMARY + ":" + ACCOUNT + ":volume/" + volume;
    }

    static String dbArn(String instance) {
        return "arn:aws:rds:" + PRIMARY + ":" + ACCOUNT + ":db:" + instance;
    }

    static String clusterArn(String cluster) {
        return "arn:aws:rds:" + PRIMARY + ":" + ACCOUNT + ":cluster:" + cluster;
    }

    // ---------------------------------------------------------------- recovery region copies

    /** An EBS snapshot copy of primary volume {@code volume}, as the copy function tags it; answers its id. */
    String ebsCopy(String volume, String policy, Instant backedUpAt) {
        String holder = recoveryEc2.createVolume(r -> r.availabilityZone(RECOVERY + "a").size(8)).volumeId();
        Map<String, String> tags = provenance("ebs-snapshot", volume, "snap-source-" + backedUpAt.getEpochSecond(), policy, backedUpAt);
        tags.put(LifeboatTags.SOURCE_ARN, "arn:aws:ec2:" + PRIMARY + "::snapshot/snap-source-" + backedUpAt.getEpochSecond());
        return recoveryEc2.createSnapshot(r -> r.volumeId(holder).tagSpecifications(ec2Tags(ResourceType.SNAPSHOT, tags))).snapshotId();
    }

    /** A DB snapshot copy of primary DB instance {@code instance}; answers its identifier. */
    String rdsCopy(String instance, String policy, Instant backedUpAt) {
        String holder = "holder-" + instance;
        if (recoveryRds.describeDBInstances().dbInstances().stream().noneMatch(db -> db.dbInstanceIdentifier().equals(holder))) {
            recoveryRds.createDBInstance(r -> r.dbInstanceIdentifier(holder).engine("postgres").dbInstanceClass("db.t3.micro")
                    .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20));
        }
        String id = "lifeboat-" + instance + "-" + backedUpAt.getEpochSecond();
        Map<String, String> tags = provenance("rds-snapshot", instance, "rds:" + instance + "-" + backedUpAt.getEpochSecond(), policy, backedUpAt);
        tags.put(LifeboatTags.SOURCE_ARN, "arn:aws:rds:" + PRIMARY + ":" + ACCOUNT + ":snapshot:rds:" + instance);
        recoveryRds.createDBSnapshot(r -> r.dbInstanceIdentifier(holder).dbSnapshotIdentifier(id).tags(rdsTags(tags)));
        return id;
    }

    /** A DB cluster snapshot copy of primary Aurora cluster {@code cluster}; answers its identifier. */
    String auroraCopy(String cluster, String policy, Instant backedUpAt) {
        String holder = "holder-" + cluster;
        if (recoveryRds.describeDBClusters().dbClusters().stream().noneMatch(c -> c.dbClusterIdentifier().equals(holder))) {
            recoveryRds.createDBCluster(r -> r.dbClusterIdentifier(holder).engine("aurora-postgresql").masterUsername("lifeboat")
                    .masterUserPassword("not-a-secret-1"));
        }
        String id = "lifeboat-" + cluster + "-" + backedUpAt.getEpochSecond();
        Map<String, String> tags = provenance("aurora-cluster-snapshot", cluster, cluster + "-" + backedUpAt.getEpochSecond(), policy, backedUpAt);
        tags.put(LifeboatTags.SOURCE_ARN, "arn:aws:rds:" + PRIMARY + ":" + ACCOUNT + ":cluster-snapshot:" + cluster);
        recoveryRds.createDBClusterSnapshot(r -> r.dbClusterIdentifier(holder).dbClusterSnapshotIdentifier(id).tags(rdsTags(tags)));
        return id;
    }

    private static Map<String, String> provenance(String type, String resource, String sourceId, String policy, Instant backedUpAt) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(LifeboatTags.MANAGED, "true");
        tags.put(LifeboatTags.POLICY, policy);
        tags.put(LifeboatTags.RESOURCE_TYPE, type);
        tags.put(LifeboatTags.SOURCE_ID, sourceId);
        tags.put(LifeboatTags.SOURCE_REGION, PRIMARY);
        tags.put(LifeboatTags.SOURCE_ACCOUNT, ACCOUNT);
        tags.put(LifeboatTags.SOURCE_RESOURCE, resource);
        tags.put(LifeboatTags.CREATED_AT, backedUpAt.toString());
        return tags;
    }

    static TagSpecification ec2Tags(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()).build();
    }

    static List<software.amazon.awssdk.services.rds.model.Tag> rdsTags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.rds.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
