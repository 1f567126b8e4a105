package dev.lifeboat.bench.naive;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The alert function's path written the common way: new DynamoDB and SNS clients with the SDK's
 * defaults per invocation, the failure folded through a conditional write, the alert published.
 */
public class NaiveFailureAlertHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        JsonNode event = MAPPER.valueToTree(input);
        JsonNode detail = event.path("detail");
        if (!detail.path("state").asText().equals("FAILED")) {
            return Map.of("sent", 0);
        }
        String resource = detail.path("resourceArn").asText();
        DynamoDbClient dynamoDb = DynamoDbClient.create();
        long now = Instant.now().getEpochSecond();
        long window = 60L * Long.parseLong(System.getenv().getOrDefault("ALERT_FOLD_WINDOW_MINUTES", "60"));
        try {
            dynamoDb.putItem(r -> r.tableName(System.getenv("ALERT_TABLE"))
                    .item(Map.of("pk", AttributeValue.fromS("backup-job-failed#" + resource), "until", AttributeValue.fromN(Long.toString(now + window))))
                    .conditionExpression("attribute_not_exists(pk) OR #u < :now").expressionAttributeNames(Map.of("#u", "until"))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))));
        } catch (ConditionalCheckFailedException e) {
            return Map.of("sent", 0, "folded", 1);
        }
        String volume = resource.substring(resource.lastIndexOf('/') + 1);
        SnsClient sns = SnsClient.create();
        sns.publish(r -> r.topicArn(System.getenv("ALERT_TOPIC_ARN")).subject("[Lifeboat] AWS Backup job failed: " + volume)
                .message("AWS Backup job " + detail.path("backupJobId").asText() + " failed for " + resource + ": "
                        + detail.path("statusMessage").asText("no reason given")));
        return Map.of("sent", 1);
    }
}
