package dev.lifeboat.healthreport;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Job history items exactly as the metrics function's {@code DynamoDbJobHistoryWriter} writes them
 * (the layout {@link DynamoDbJobHistory} documents; backup-metrics pins the same item in its tests).
 */
final class JobHistoryItems {

    private JobHistoryItems() {
    }

    /** A finished AWS Backup job of the data volume. */
    static void backupJob(DynamoDbClient dynamoDb, String table, String jobId, Instant finishedAt, boolean failed) {
        dynamoDb.putItem(r -> r.tableName(table).item(item("us-east-1", "backup", jobId, failed ? "FAILED" : "COMPLETED", failed, "EBS",
                "vol-0a1b2c3d4e5f60001", failed ? "AWS Backup job failed" : "", failed ? "Access denied" : "", finishedAt)));
    }

    static Map<String, AttributeValue> item(String region, String jobType, String jobId, String state, boolean failed, String resourceType,
                                            String resource, String failure, String reason, Instant finishedAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("day#" + LocalDate.ofInstant(finishedAt, ZoneOffset.UTC)));
        item.put("sk", AttributeValue.fromS(jobType + "#" + region + "#" + jobId));
        item.put("finishedAt", AttributeValue.fromS(finishedAt.toString()));
        item.put("region", AttributeValue.fromS(region));
        item.put("jobType", AttributeValue.fromS(jobType));
        item.put("jobId", AttributeValue.fromS(jobId));
        item.put("state", AttributeValue.fromS(state));
        item.put("failed", AttributeValue.fromBool(failed));
        item.put("resourceType", AttributeValue.fromS(resourceType));
        item.put("resource", AttributeValue.fromS(resource));
        item.put("failure", AttributeValue.fromS(failure));
        item.put("reason", AttributeValue.fromS(reason));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(finishedAt.plus(Duration.ofDays(400)).getEpochSecond())));
        return item;
    }
}
