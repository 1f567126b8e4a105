package dev.lifeboat.bench.naive;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The copy function's EBS path written the common way: for every record, new clients with the
 * SDK's defaults; describe the snapshot and its volume, read the policy document, claim the copy
 * in the ledger, look for an earlier copy, start the copy into the recovery region.
 */
public class NaiveCopySnapshotHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            try {
                copy(MAPPER.readTree(record.getBody()), context);
            } catch (Exception e) {
                context.getLogger().log("copy failed for " + record.getMessageId() + ": " + e);
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private void copy(JsonNode event, Context context) throws Exception {
        String arn = event.path("detail").path("snapshot_id").asText();
        String snapshotId = arn.substring(arn.lastIndexOf('/') + 1);
        Ec2Client ec2 = Ec2Client.create();
        Snapshot snapshot = ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
        Volume volume = ec2.describeVolumes(r -> r.volumeIds(snapshot.volumeId())).volumes().get(0);
        String policy = volume.tags().stream().filter(tag -> tag.key().equals("lifeboat:policy")).map(Tag::value).findFirst().orElse(null);
        if (policy == null) {
            context.getLogger().log(snapshotId + " is not protected");
            return;
        }
        SsmClient ssm = SsmClient.create();
        JsonNode policies = MAPPER.readTree(ssm.getParameter(r -> r.name(System.getenv("POLICY_PARAMETER"))).parameter().value());
        JsonNode defaults = MAPPER.readTree(System.getenv("DEFAULT_POLICY"));
        JsonNode chosen = policies.path("policies").path(policy);
        String recoveryRegion = chosen.path("recoveryRegion").asText(defaults.path("recoveryRegion").asText());
        String recoveryKey = chosen.path("recoveryKmsKey").asText(defaults.path("recoveryKmsKey").asText());

        DynamoDbClient dynamoDb = DynamoDbClient.create();
        String key = "copy#ebs#" + recoveryRegion + "#" + snapshotId;
        try {
            dynamoDb.putItem(r -> r.tableName(System.getenv("LEDGER_TABLE"))
                    .item(Map.of("pk", AttributeValue.fromS(key), "state", AttributeValue.fromS("CLAIMED"),
                            "claimedAt", AttributeValue.fromS(Instant.now().toString())))
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            context.getLogger().log(snapshotId + " is already being copied");
            return;
        }
        Ec2Client recovery = Ec2Client.builder().region(Region.of(recoveryRegion)).build();
        boolean copied = !recovery.describeSnapshots(r -> r.ownerIds("self")
                .filters(Filter.builder().name("tag:lifeboat:source-id").values(snapshotId).build())).snapshots().isEmpty();
        if (!copied) {
            String copyId = recovery.copySnapshot(r -> r.applyMutation(NaiveCopySnapshotHandler::presignForEmulator)
                    .sourceRegion(event.path("region").asText()).sourceSnapshotId(snapshotId)
                    .encrypted(true).kmsKeyId(recoveryKey).description("Lifeboat copy of " + snapshotId)
                    .tagSpecifications(t -> t.resourceType(ResourceType.SNAPSHOT).tags(
                            Tag.builder().key("lifeboat:managed").value("true").build(),
                            Tag.builder().key("lifeboat:policy").value(policy).build(),
                            Tag.builder().key("lifeboat:source-id").value(snapshotId).build()))).snapshotId();
            dynamoDb.updateItem(r -> r.tableName(System.getenv("LEDGER_TABLE")).key(Map.of("pk", AttributeValue.fromS(key)))
                    .updateExpression("SET #s = :s, copyId = :c").expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("STARTED"), ":c", AttributeValue.fromS(copyId))));
            context.getLogger().log("copy of " + snapshotId + " started as " + copyId);
        }
        System.out.println("{\"_aws\":{\"Timestamp\":" + System.currentTimeMillis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Lifeboat\","
                + "\"Dimensions\":[[\"Service\"]],\"Metrics\":[{\"Name\":\"CopiesStarted\",\"Unit\":\"Count\"}]}]},\"Service\":\"copy-snapshot\","
                + "\"CopiesStarted\":" + (copied ? 0 : 1) + "}");
    }

    /**
     * The one concession to the emulator, as the copy function makes it: the SDK presigns a
     * cross-region copy for the source region's endpoint, which it cannot name for a local endpoint.
     */
    private static void presignForEmulator(software.amazon.awssdk.services.ec2.model.CopySnapshotRequest.Builder request) {
        if (System.getenv("AWS_ENDPOINT_URL") != null) {
            request.presignedUrl("https://emulator.invalid/?Action=CopySnapshot&unsigned=true");
        }
    }
}
