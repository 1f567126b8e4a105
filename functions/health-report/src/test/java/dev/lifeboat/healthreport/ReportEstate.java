package dev.lifeboat.healthreport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The report's world in the emulator's recovery region, as the template declares it: the recovery
 * key and bucket, the alert topic with a queue subscribed (what arrives there is what a person's
 * inbox gets), the job history and drill tables, and Lifeboat copies to report on.
 */
final class ReportEstate {

    static final String BUCKET = "lifeboat-recovery-bucket";
    static final String JOB_TABLE = "lifeboat-JobHistoryTable";
    static final String DRILL_TABLE = "lifeboat-DrillTable";

    final Emulator emulator;
    final String keyId;
    final String keyArn;
    final String topicArn;
    final String inboxUrl;
    final S3Client s3;
    final SqsClient sqs;
    final DynamoDbClient dynamoDb;
    final Ec2Client ec2;
    final RdsClient rds;
    private int sourceSnapshots;

    ReportEstate(Emulator emulator) {
        this.emulator = emulator;
        var region = Emulator.RECOVERY;
        KmsClient kms = emulator.client(KmsClient.builder(), region);
        var key = kms.createKey(r -> r.description("recovery")).keyMetadata();
        this.keyId = key.keyId();
        this.keyArn = key.arn();
        this.s3 = emulator.client(S3Client.builder(), region);
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(region.id())));
        SnsClient sns = emulator.client(SnsClient.builder(), region);
        this.topicArn = sns.createTopic(r -> r.name("lifeboat-AlertTopic")).topicArn();
        this.sqs = emulator.client(SqsClient.builder(), region);
        this.inboxUrl = sqs.createQueue(r -> r.queueName("report-inbox")).queueUrl();
        String inboxArn = sqs.getQueueAttributes(r -> r.queueUrl(inboxUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(inboxArn));
        this.dynamoDb = emulator.client(DynamoDbClient.builder(), region);
        dynamoDb.createTable(r -> r.tableName(JOB_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        dynamoDb.createTable(r -> r.tableName(DRILL_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("drillId").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("drillId").keyType(KeyType.HASH)));
        this.ec2 = emulator.client(Ec2Client.builder(), region);
        this.rds = emulator.client(RdsClient.builder(), region);
    }

    /** The function's environment in the recovery stack, pointed at the emulator. */
    Map<String, String> functionEnvironment() {
        Map<String, String> variables = new HashMap<>();
        variables.put("AWS_REGION", Emulator.RECOVERY.id());
        variables.put("REPORT_BUCKET", BUCKET);
        variables.put("REPORT_KMS_KEY", keyArn);
        variables.put("ALERT_TOPIC_ARN", topicArn);
        variables.put("JOB_HISTORY_TABLE", JOB_TABLE);
        variables.put("DRILL_TABLE", DRILL_TABLE);
        variables.put("DEFAULT_POLICY", "{\"rpoHours\": 24, \"recoveryRegion\": \"us-west-2\"}");
        variables.put("POWERTOOLS_SERVICE_NAME", "health-report");
        return emulator.environment(variables);
    }

    /**
     * An EBS snapshot copy in the recovery region, tagged as the copy function tags it: {@code lifeboat:source-arn} names
     * the source <em>snapshot</em> (a new one for every copy), {@code lifeboat:source-resource} the volume.
     */
    String ebsCopy(String sourceVolumeArn, int sizeGb, Instant sourceTakenAt) {
        // a name that is no ARN (a hostile one, in the rendering tests) is taken as the volume id in us-east-1
        String[] arn = sourceVolumeArn.startsWith("arn:") ? sourceVolumeArn.split(":", 6)
                : new String[] {"arn", "aws", "ec2", "us-east-1", Emulator.ACCOUNT, "volume/" + sourceVolumeArn};
        String sourceSnapshot = "snap-" + String.format("%017x", ++sourceSnapshots);
        String volume = ec2.createVolume(r -> r.availabilityZone("us-west-2a").size(sizeGb)).volumeId();
        return ec2.createSnapshot(r -> r.volumeId(volume).tagSpecifications(t -> t.resourceType(ResourceType.SNAPSHOT).tags(
                tag(LifeboatTags.MANAGED, "true"), tag(LifeboatTags.POLICY, "default"), tag(LifeboatTags.RESOURCE_TYPE, "ebs-snapshot"),
                tag(LifeboatTags.SOURCE_ID, sourceSnapshot), tag(LifeboatTags.SOURCE_ARN, "arn:aws:ec2:" + arn[3] + "::snapshot/" + sourceSnapshot),
                tag(LifeboatTags.SOURCE_REGION, arn[3]), tag(LifeboatTags.SOURCE_ACCOUNT, arn[4]),
                tag(LifeboatTags.SOURCE_RESOURCE, arn[5].substring(arn[5].indexOf('/') + 1)),
                tag(LifeboatTags.CREATED_AT, sourceTakenAt.toString())))).snapshotId();
    }

    /**
     * An RDS snapshot copy in the recovery region, tagged as the copy function tags it ({@code lifeboat:source-arn} the
     * source snapshot, {@code lifeboat:source-resource} the DB instance); its instance stands in moto's recovery region
     * (moto snapshots an instance it has), created with the first copy.
     */
    String rdsCopy(String sourceDbArn, String name, int allocatedGb, Instant sourceTakenAt) {
        String[] arn = sourceDbArn.split(":", 7);
        if (rds.describeDBInstances().dbInstances().stream().noneMatch(db -> db.dbInstanceIdentifier().equals(name))) {
            rds.createDBInstance(r -> r.dbInstanceIdentifier(name).engine("postgres").dbInstanceClass("db.t3.micro")
                    .allocatedStorage(allocatedGb).masterUsername("admin").masterUserPassword("password123"));
        }
        String copy = name + "-copy-" + (++sourceSnapshots);
        String sourceSnapshot = "arn:aws:rds:" + arn[3] + ":" + arn[4] + ":snapshot:rds:" + name + "-" + sourceSnapshots;
        return rds.createDBSnapshot(r -> r.dbInstanceIdentifier(name).dbSnapshotIdentifier(copy).tags(
                t -> t.key(LifeboatTags.MANAGED).value("true"), t -> t.key(LifeboatTags.POLICY).value("default"),
                t -> t.key(LifeboatTags.RESOURCE_TYPE).value("rds-snapshot"), t -> t.key(LifeboatTags.SOURCE_ARN).value(sourceSnapshot),
                t -> t.key(LifeboatTags.SOURCE_REGION).value(arn[3]), t -> t.key(LifeboatTags.SOURCE_ACCOUNT).value(arn[4]),
                t -> t.key(LifeboatTags.SOURCE_RESOURCE).value(arn[6]),
                t -> t.key(LifeboatTags.CREATED_AT).value(sourceTakenAt.toString()))).dbSnapshot().dbSnapshotArn();
    }

    void drill(String drillId, String source, String outcome, Instant finishedAt, long restoreSeconds) {
        dynamoDb.putItem(r -> r.tableName(DRILL_TABLE).item(Map.of(
                "drillId", AttributeValue.fromS(drillId), "source", AttributeValue.fromS(source),
                "resourceType", AttributeValue.fromS("rds-snapshot"), "policy", AttributeValue.fromS("default"),
                "startedAt", AttributeValue.fromS(finishedAt.minusSeconds(restoreSeconds).toString()),
                "finishedAt", AttributeValue.fromS(finishedAt.toString()), "outcome", AttributeValue.fromS(outcome),
                "restoreSeconds", AttributeValue.fromN(Long.toString(restoreSeconds)), "cleanedUp", AttributeValue.fromBool(true))));
    }

    /** A message as the topic delivered it. */
    record Delivered(String subject, String message) {
    }

    List<Delivered> delivered() {
        List<Delivered> delivered = new ArrayList<>();
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(inboxUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        for (Message message : messages) {
            try {
                JsonNode envelope = Json.MAPPER.readTree(message.body());
                delivered.add(new Delivered(envelope.path("Subject").asText(), envelope.path("Message").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return delivered;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
