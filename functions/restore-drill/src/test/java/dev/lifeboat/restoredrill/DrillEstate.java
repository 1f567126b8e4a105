package dev.lifeboat.restoredrill;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.frontdoor.FrontDoor;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.restore.RestoreWorkflow;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The recovery region as a drill finds it, in the emulator behind the front door: the recovery
 * stack's resources from template.yaml, the restore state machine created from template.yaml (as
 * moto must be given it), the drill table, a policy document whose {@code gold} policy asks for
 * drills into an isolated DB subnet group and security group, Lifeboat copies to drill, a queue
 * subscribed to the alert topic, and the drill function wired to all of it.
 *
 * <p>Moto emits no EventBridge events for Step Functions, so {@link #statusChangeEvent} builds the
 * {@code Step Functions Execution Status Change} event from the finished execution (DescribeExecution),
 * in the shape Step Functions documents and {@code events/stepfunctions-restore-execution-*.json} show.
 */
final class DrillEstate {

    static final Path REPO = RepoRoot.find();
    static final Template TEMPLATE = Template.loadFrom(REPO);
    static final String RECOVERY = Emulator.RECOVERY.id();
    static final String DRILL_TABLE = "lifeboat-drills";
    static final String POLICY_PARAMETER = "/lifeboat/policies";
    static final String DRILL_SUBNET_GROUP = "lifeboat-drill-subnets";

    final Emulator emulator;
    final Ec2Client ec2;
    final RdsClient rds;
    final SfnClient sfn;
    final DynamoDbClient dynamo;
    final String stateMachineArn;
    final String drillSecurityGroup;
    private final SqsClient sqs;
    private final String alertQueueUrl;
    private final LocalNames names;

    DrillEstate(Emulator emulator, FrontDoor door, Map<String, String> parameters) {
        this.emulator = emulator;
        door.useParameters(parameters);
        new Provisioner(TEMPLATE, parameters, emulator.environment(Map.of()), line -> { }).up();
        this.names = new LocalNames(TEMPLATE, StackRole.RECOVERY, parameters, emulator.environment(Map.of()));
        this.ec2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        this.rds = emulator.client(RdsClient.builder(), Emulator.RECOVERY);
        this.sfn = emulator.client(SfnClient.builder(), Emulator.RECOVERY);
        this.dynamo = emulator.client(DynamoDbClient.builder(), Emulator.RECOVERY);
        this.sqs = emulator.client(SqsClient.builder(), Emulator.RECOVERY);
        this.alertQueueUrl = subscribeToAlerts();
        createDrillTable(dynamo);
        this.drillSecurityGroup = isolatedTarget();
        policies("""
                {"policies": {"gold": {"rpoHours": 4, "recoveryRegion": "us-west-2",
                  "drills": {"enabled": true, "recentDays": 7, "subnetGroup": "%s", "securityGroups": ["%s"], "availabilityZone": "us-west-2b"}},
                  "bronze": {"rpoHours": 24, "recoveryRegion": "us-west-2"}}}""".formatted(DRILL_SUBNET_GROUP, drillSecurityGroup));
        // the restore workflow, created from template.yaml as the harness must give it to moto
        RestoreWorkflow workflow = new RestoreWorkflow(TEMPLATE, parameters, emulator.environment(Map.of()), sfn, Duration.ofSeconds(90));
        this.stateMachineArn = sfn.createStateMachine(r -> r.name(names.physicalName(RestoreWorkflow.STATE_MACHINE))
                .definition(workflow.emulatorDefinition())
                .roleArn("arn:aws:iam::" + Emulator.ACCOUNT + ":role/lifeboat-restore-workflow")).stateMachineArn();
    }

    /** The drill table with the template's key: partition key drillId (S). */
    static void createDrillTable(DynamoDbClient dynamo) {
        dynamo.createTable(r -> r.tableName(DRILL_TABLE).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("drillId").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("drillId").keyType(KeyType.HASH)));
    }

    /** The variables the template gives the drill function, with values pointed at the front door. */
    Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(emulator.environment(Map.of()));
        environment.put("AWS_REGION", RECOVERY);
        environment.put("POWERTOOLS_SERVICE_NAME", "restore-drill");
        environment.put("RESTORE_STATE_MACHINE_ARN", stateMachineArn);
        environment.put("DRILL_TABLE", DRILL_TABLE);
        environment.put("ALERT_TOPIC_ARN", alertTopicArn());
        environment.put("POLICY_PARAMETER", POLICY_PARAMETER);
        environment.put("MAX_CONCURRENT_DRILLS", "2");
        environment.put("DRILL_SEED", "7");
        environment.putAll(extra);
        return environment;
    }

    /** Runs the handler with {@code event} as Lambda would, capturing what it printed (logs, EMF). */
    static CapturedStdout.Result<Map<String, Object>> invoke(RestoreDrillHandler handler, String event) {
        Map<String, Object> input;
        try {
            input = Json.MAPPER.readValue(event, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CapturedStdout.capture(() -> handler.handleRequest(input, LambdaTestContext.forFunction("lifeboat-restore-drill")));
    }

    String alertTopicArn() {
        return String.valueOf(names.ref("AlertTopic"));
    }

    void policies(String document) {
        emulator.client(SsmClient.builder(), Emulator.RECOVERY).putParameter(r -> r.name(POLICY_PARAMETER).type(ParameterType.STRING)
                .value(document).overwrite(true));
    }

    /** The isolated target drills restore databases into: a DB subnet group and a security group that admits nothing. */
    private String isolatedTarget() {
        List<Subnet> subnets = ec2.describeSubnets(r -> r.filters(Filter.builder().name("default-for-az").values("true").build())).subnets();
        rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(DRILL_SUBNET_GROUP).dbSubnetGroupDescription("Lifeboat drills, isolated")
                .subnetIds(subnets.stream().map(Subnet::subnetId).toList()));
        return ec2.createSecurityGroup(r -> r.groupName("lifeboat-drill").description("Lifeboat drills: no inbound rule")
                .vpcId(subnets.get(0).vpcId())).groupId();
    }

    private String subscribeToAlerts() {
        String url = sqs.createQueue(r -> r.queueName("drill-alerts")).queueUrl();
        String arn = "arn:aws:sqs:" + RECOVERY + ":" + Emulator.ACCOUNT + ":drill-alerts";
        emulator.client(SnsClient.builder(), Emulator.RECOVERY).subscribe(r -> r.topicArn(alertTopicArn()).protocol("sqs").endpoint(arn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        return url;
    }

    /** Every message published to the alert topic so far (the workflow's own notifications included). */
    List<String> alerts() {
        List<String> messages = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(alertQueueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            batch.forEach(message -> messages.add(message.body()));
        } while (!batch.isEmpty());
        return messages;
    }

    /** The alerts the drill function sent (the workflow's own notifications start "Lifeboat restore drill-…"). */
    List<String> drillAlerts() {
        return alerts().stream().filter(message -> message.startsWith("Lifeboat restore drill ")).toList();
    }

    /** A Lifeboat EBS copy of {@code sourceVolume} under {@code policy}, tagged as the copy function tags one. */
    String ebsCopy(String sourceVolume, String policy, Instant createdAt) {
        String volume = ec2.createVolume(r -> r.availabilityZone(RECOVERY + "a").size(8)).volumeId();
        String snapshot = ec2.createSnapshot(r -> r.volumeId(volume).tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.SNAPSHOT).tags(ec2Tags(provenance("ebs-snapshot", sourceVolume, policy, createdAt))).build()))
                .snapshotId();
        ec2.deleteVolume(r -> r.volumeId(volume));
        return snapshot;
    }

    /** A Lifeboat DB snapshot copy of {@code sourceInstance} under {@code policy}. */
    String rdsCopy(String sourceInstance, String snapshotId, String policy, Instant createdAt) {
        String scratch = "scratch-" + snapshotId;
        rds.createDBInstance(r -> r.dbInstanceIdentifier(scratch).engine("postgres").dbInstanceClass("db.t4g.medium")
                .allocatedStorage(20).masterUsername("lifeboat").masterUserPassword("not-a-secret-1"));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier(scratch).dbSnapshotIdentifier(snapshotId)
                .tags(provenance("rds-snapshot", sourceInstance, policy, createdAt).entrySet().stream()
                        .map(t -> software.amazon.awssdk.services.rds.model.Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()));
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier(scratch).skipFinalSnapshot(true));
        return snapshotId;
    }

    /** Volumes a drill execution restored (tagged lifeboat:restored-by with its name) that still exist. */
    List<Volume> volumesRestoredBy(String drillId) {
        return ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag:lifeboat:restored-by").values(drillId).build())).volumes();
    }

    /** DB instances a drill execution restored that still exist. */
    List<DBInstance> instancesRestoredBy(String drillId) {
        return rds.describeDBInstances().dbInstances().stream()
                .filter(instance -> instance.tagList().stream().anyMatch(t -> t.key().equals("lifeboat:restored-by") && t.value().equals(drillId)))
                .toList();
    }

    String executionArn(String drillId) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + drillId;
    }

    /** Waits until the execution has ended, and answers how it ended. */
    DescribeExecutionResponse awaitEnd(String drillId) {
        Instant deadline = Instant.now().plusSeconds(90);
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn(drillId)));
            if (execution.status() != ExecutionStatus.RUNNING) {
                return execution;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("execution " + drillId + " still running after 90 s");
            }
            pause(Duration.ofMillis(200));
        }
    }

    /**
     * The {@code Step Functions Execution Status Change} event of the ended execution, in the shape
     * AWS documents: built here from DescribeExecution, because moto emits no such event.
     */
    String statusChangeEvent(String drillId) {
        DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn(drillId)));
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "0").put("id", "drill-event-" + System.nanoTime()).put("detail-type", "Step Functions Execution Status Change")
                .put("source", "aws.states").put("account", Emulator.ACCOUNT).put("time", execution.stopDate().toString()).put("region", RECOVERY);
        event.putArray("resources").add(execution.executionArn());
        ObjectNode detail = event.putObject("detail");
        detail.put("executionArn", execution.executionArn()).put("stateMachineArn", stateMachineArn).put("name", execution.name())
                .put("status", execution.statusAsString()).put("startDate", execution.startDate().toEpochMilli())
                .put("stopDate", execution.stopDate().toEpochMilli()).put("input", execution.input()).put("output", execution.output())
                .put("error", execution.error()).put("cause", execution.cause());
        return event.toString();
    }

    /** The drill's item in the drill table. */
    Map<String, AttributeValue> record(String drillId) {
        return dynamo.getItem(r -> r.tableName(DRILL_TABLE).key(Map.of("drillId", AttributeValue.fromS(drillId))).consistentRead(true)).item();
    }

    int records() {
        return dynamo.scan(r -> r.tableName(DRILL_TABLE)).count();
    }

    /** The text of a file in the repository, such as {@code events/restore-drill-schedule.json}. */
    static String resource(String path) {
        try {
            return Files.readString(REPO.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> provenance(String type, String sourceResource, String policy, Instant createdAt) {
        return Map.of("lifeboat:managed", "true", "lifeboat:policy", policy, "lifeboat:resource-type", type,
                "lifeboat:source-id", "src-" + sourceResource, "lifeboat:source-region", "us-east-1", "lifeboat:source-account", "111122223333",
                "lifeboat:source-resource", sourceResource, "lifeboat:created-at", createdAt.toString());
    }

    private static List<Tag> ec2Tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }
}
