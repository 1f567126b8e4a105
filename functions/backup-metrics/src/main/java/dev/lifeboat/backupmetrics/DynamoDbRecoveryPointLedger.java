package dev.lifeboat.backupmetrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The metrics table: {@code event#…} claims (a week, then TTL), {@code rp#…} recovery point
 * creation times (five weeks), and one {@code resource#…} item per protected resource with its last
 * successful backup and copy, each only ever moved forward (a late or repeated event cannot move it back).
 */
public final class DynamoDbRecoveryPointLedger implements RecoveryPointLedger {

    private static final Duration CLAIM_TTL = Duration.ofDays(7);
    private static final Duration RECOVERY_POINT_TTL = Duration.ofDays(35);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public DynamoDbRecoveryPointLedger(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean claim(String key) {
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(Map.of("pk", s("event#" + hash(key)), "expiresAt", n(clock.instant().plus(CLAIM_TTL).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void recordBackup(String resource, String resourceType, Instant at) {
        moveForward(resource, resourceType, "lastBackupAt", at);
    }

    @Override
    public void recordCopy(String resource, String resourceType, Instant at) {
        moveForward(resource, resourceType, "lastCopyAt", at);
    }

    private void moveForward(String resource, String resourceType, String attribute, Instant at) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(Map.of("pk", s("resource#" + hash(resource))))
                    .updateExpression("SET #at = :at, #resource = :resource, resourceType = :type")
                    .conditionExpression("attribute_not_exists(#at) OR #at < :at")
                    .expressionAttributeNames(Map.of("#at", attribute, "#resource", "resource"))
                    .expressionAttributeValues(Map.of(":at", n(at.getEpochSecond()), ":resource", s(resource), ":type", s(resourceType))));
        } catch (ConditionalCheckFailedException e) {
            // a newer success is already recorded
        }
    }

    @Override
    public void rememberRecoveryPoint(String recoveryPoint, Instant createdAt) {
        if (recoveryPoint.isBlank()) {
            return;
        }
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of("pk", s("rp#" + hash(recoveryPoint)),
                "createdAt", n(createdAt.toEpochMilli()),
                "expiresAt", n(clock.instant().plus(RECOVERY_POINT_TTL).getEpochSecond()))));
    }

    @Override
    public Optional<Instant> recoveryPointCreated(String recoveryPoint) {
        if (recoveryPoint.isBlank()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(Map.of("pk", s("rp#" + hash(recoveryPoint))))).item();
        return item == null || !item.containsKey("createdAt") ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())));
    }

    @Override
    public List<ResourceRecord> resources() {
        List<ResourceRecord> records = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(table).filterExpression("begins_with(pk, :prefix)")
                    .expressionAttributeValues(Map.of(":prefix", s("resource#"))).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                records.add(new ResourceRecord(item.get("resource").s(), item.get("resourceType").s(),
                        seconds(item, "lastBackupAt"), seconds(item, "lastCopyAt")));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return records;
    }

    private static Optional<Instant> seconds(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(v -> Instant.ofEpochSecond(Long.parseLong(v.n())));
    }

    /** Keys are hashed: ARNs may be long, and event fields are untrusted. */
    private static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
