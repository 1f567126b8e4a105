package dev.lifeboat.shared.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The ledger as a DynamoDB table keyed by {@code pk}, every state change a conditional write.
 * Items expire through the table's TTL attribute {@code expiresAt}: completed work is remembered
 * for {@link #DONE_RETENTION}, longer than any redelivery or retry can arrive.
 */
public final class DynamoDbLedger implements Ledger {

    static final Duration DONE_RETENTION = Duration.ofDays(400);

    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String DONE = "DONE";
    private static final String FAILED = "FAILED";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Clock clock;

    public DynamoDbLedger(DynamoDbClient dynamoDb, String tableName, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.clock = clock;
    }

    @Override
    public Claim claim(String key, Duration lease) {
        long now = clock.instant().getEpochSecond();
        String token = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(key));
        item.put("status", s(IN_PROGRESS));
        item.put("token", s(token));
        item.put("leaseUntil", n(now + lease.toSeconds()));
        item.put("updatedAt", n(now));
        item.put("expiresAt", n(now + DONE_RETENTION.toSeconds()));
        try {
            dynamoDb.putItem(r -> r.tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR #status = :failed OR (#status = :inProgress AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":failed", s(FAILED), ":inProgress", s(IN_PROGRESS), ":now", n(now))));
            return new Claim.Acquired(key, token);
        } catch (ConditionalCheckFailedException e) {
            return current(key);
        }
    }

    @Override
    public void complete(Claim.Acquired claim, Map<String, String> attributes) {
        long now = clock.instant().getEpochSecond();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":done", s(DONE));
        values.put(":token", s(claim.token()));
        values.put(":now", n(now));
        values.put(":expires", n(now + DONE_RETENTION.toSeconds()));
        values.put(":attributes", AttributeValue.fromM(attributes.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> s(entry.getValue())))));
        dynamoDb.updateItem(r -> r.tableName(tableName).key(Map.of("pk", s(claim.key())))
                .updateExpression("SET #status = :done, attributes = :attributes, updatedAt = :now, expiresAt = :expires REMOVE leaseUntil")
                .conditionExpression("#token = :token")
                .expressionAttributeNames(Map.of("#status", "status", "#token", "token"))
                .expressionAttributeValues(values));
    }

    @Override
    public void release(Claim.Acquired claim, String reason) {
        long now = clock.instant().getEpochSecond();
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(Map.of("pk", s(claim.key())))
                    .updateExpression("SET #status = :failed, reason = :reason, updatedAt = :now REMOVE leaseUntil")
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#status", "status", "#token", "token"))
                    .expressionAttributeValues(Map.of(":failed", s(FAILED), ":reason", s(reason.isEmpty() ? "unknown" : reason),
                            ":now", n(now), ":token", s(claim.token()))));
        } catch (ConditionalCheckFailedException e) {
            // The lease expired and another invocation took the key over: it is theirs to settle.
        }
    }

    private Claim current(String key) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(tableName).key(Map.of("pk", s(key))).consistentRead(true));
        Map<String, AttributeValue> item = response.item();
        if (item != null && DONE.equals(text(item, "status"))) {
            Map<String, String> attributes = new HashMap<>();
            AttributeValue stored = item.get("attributes");
            if (stored != null && stored.hasM()) {
                stored.m().forEach((name, value) -> attributes.put(name, value.s()));
            }
            return new Claim.AlreadyDone(key, Map.copyOf(attributes));
        }
        long leaseUntil = item == null || item.get("leaseUntil") == null ? 0 : Long.parseLong(item.get("leaseUntil").n());
        return new Claim.HeldElsewhere(key, leaseUntil);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
