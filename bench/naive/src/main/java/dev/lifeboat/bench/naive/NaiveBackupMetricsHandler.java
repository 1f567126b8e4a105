package dev.lifeboat.bench.naive;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The metrics function's backup-job path written the common way: a new DynamoDB client with the
 * SDK's defaults per invocation, the last backup of the resource and the job's history record
 * written, the job's metrics printed as EMF by hand.
 */
public class NaiveBackupMetricsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        JsonNode event = MAPPER.valueToTree(input);
        JsonNode detail = event.path("detail");
        String resource = detail.path("resourceArn").asText();
        String state = detail.path("state").asText();
        DynamoDbClient dynamoDb = DynamoDbClient.create();
        if (state.equals("COMPLETED")) {
            dynamoDb.updateItem(r -> r.tableName(System.getenv("METRICS_TABLE")).key(Map.of("pk", AttributeValue.fromS("resource#" + resource)))
                    .updateExpression("SET lastBackupAt = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromS(event.path("time").asText()))));
        }
        dynamoDb.putItem(r -> r.tableName(System.getenv("JOB_HISTORY_TABLE")).item(Map.of(
                "pk", AttributeValue.fromS("jobs#" + event.path("region").asText()),
                "sk", AttributeValue.fromS("backup#" + event.path("region").asText() + "#" + detail.path("backupJobId").asText()),
                "state", AttributeValue.fromS(state), "resource", AttributeValue.fromS(resource))));
        String metric = state.equals("COMPLETED") ? "BackupJobsSucceeded" : "BackupJobsFailed";
        System.out.println("{\"_aws\":{\"Timestamp\":" + System.currentTimeMillis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Lifeboat\","
                + "\"Dimensions\":[[\"ResourceType\"]],\"Metrics\":[{\"Name\":\"" + metric + "\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"BackupSizeBytes\",\"Unit\":\"Bytes\"}]}]},\"ResourceType\":\"" + detail.path("resourceType").asText() + "\","
                + "\"" + metric + "\":1,\"BackupSizeBytes\":" + detail.path("backupSizeInBytes").asLong() + "}");
        return Map.of("metrics", 2);
    }
}
