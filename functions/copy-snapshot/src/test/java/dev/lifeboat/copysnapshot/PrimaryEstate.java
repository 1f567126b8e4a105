package dev.lifeboat.copysnapshot;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.lifeboat.local.emulator.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A small estate in the emulator for the copy function's tests: the ledger table, the recovery
 * region's key, and tagged volumes and snapshots in the primary region; sample events from
 * {@code events/} rewritten to name them.
 */
final class PrimaryEstate {

    static final String LEDGER_TABLE = "lifeboat-LedgerTable";
    static final String RECOVERY_KEY_ALIAS = "alias/lifeboat-recovery";
    static final Path EVENTS = Path.of(System.getProperty("lifeboat.repo", "../.."), "events");

    final Emulator emulator;
    final Ec2Client primaryEc2;
    final Ec2Client recoveryEc2;

    PrimaryEstate(Emulator emulator) {
        this.emulator = emulator;
        this.primaryEc2 = emulator.client(Ec2Client.builder(), Emulator.PRIMARY);
        this.recoveryEc2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        DynamoDbClient dynamoDb = emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY);
        dynamoDb.createTable(r -> r.tableName(LEDGER_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        KmsClient kms = emulator.client(KmsClient.builder(), Emulator.RECOVERY);
        String keyId = kms.createKey(r -> r.description("recovery")).keyMetadata().keyId();
        kms.createAlias(r -> r.aliasName(RECOVERY_KEY_ALIAS).targetKeyId(keyId));
    }

    /** The copy function's environment, as the template gives it, pointed at the emulator. */
    Map<String, String> functionEnvironment() {
        return emulator.environment(Map.of(
                "LEDGER_TABLE", LEDGER_TABLE,
                "POLICY_PARAMETER", "/lifeboat/policies",
                "DEFAULT_POLICY", "{\"rpoHours\": 24, \"recoveryRegion\": \"us-west-2\", \"recoveryAccount\": \"\", "
                        + "\"recoveryKmsKey\": \"" + RECOVERY_KEY_ALIAS + "\"}",
                "POWERTOOLS_SERVICE_NAME", "copy-snapshot"));
    }

    String volume(Map<String, String> tags) {
        return primaryEc2.createVolume(r -> r.availabilityZone("us-east-1a").size(8).encrypted(true)
                .tagSpecifications(tagSpecs(ResourceType.VOLUME, tags))).volumeId();
    }

    String snapshot(String volumeId, Map<String, String> tags) {
        return primaryEc2.createSnapshot(r -> r.volumeId(volumeId).description("nightly")
                .tagSpecifications(tagSpecs(ResourceType.SNAPSHOT, tags))).snapshotId();
    }

    /**
     * Every snapshot this account owns in the recovery region. Moto ignores {@code OwnerIds=self}
     * for snapshots (see {@link MotoQuirksTest}), so the owner is filtered explicitly.
     */
    List<Snapshot> recoveryCopies() {
        return recoveryEc2.describeSnapshots(r -> r.ownerIds("self")
                .filters(Filter.builder().name("owner-id").values(Emulator.ACCOUNT).build())).snapshots();
    }

    List<Snapshot> recoveryCopiesOf(String sourceSnapshotId) {
        return recoveryEc2.describeSnapshots(r -> r.ownerIds("self")
                .filters(Filter.builder().name("tag:lifeboat:source-id").values(sourceSnapshotId).build())).snapshots();
    }

    /** The text of {@code events/<file>} with each sample id replaced by a real one. */
    static String event(String file, Map<String, String> replacements) {
        try {
            String text = Files.readString(EVENTS.resolve(file));
            for (Map.Entry<String, String> replacement : replacements.entrySet()) {
                text = text.replace(replacement.getKey(), replacement.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SQS event carrying these bodies, as the copy queue delivers them. */
    static SQSEvent sqsEvent(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String body : bodies) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(UUID.randomUUID().toString());
            message.setBody(body);
            message.setEventSource("aws:sqs");
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static List<TagSpecification> tagSpecs(ResourceType type, Map<String, String> tags) {
        return tags.isEmpty() ? List.of() : List.of(TagSpecification.builder().resourceType(type)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())
                .build());
    }
}
