package dev.lifeboat.rpomonitor;

import dev.lifeboat.shared.event.SafeText;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * {@link AlertStates} in the monitor's own DynamoDB table, keyed by resource ARN ({@code pk}).
 * An item expires ({@code expiresAt}, the table's TTL) 30 days after a run last saw its problem:
 * a resource whose copies and source are all gone stops being remembered.
 */
public final class DynamoDbAlertStates implements AlertStates {

    static final Duration FORGET_AFTER = Duration.ofDays(30);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbAlertStates(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Map<String, AlertState> open() {
        Map<String, AlertState> open = new LinkedHashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(table).consistentRead(true).exclusiveStartKey(from));
            page.items().forEach(item -> {
                AlertState state = fromItem(item);
                open.put(state.resource(), state);
            });
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return open;
    }

    @Override
    public boolean claimNew(ResourceReport report, Instant now, Instant claimUntil) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(report.sourceArn()));
        item.put("status", s(report.status().name()));
        item.put("policy", s(SafeText.bounded(report.policy(), 200)));
        item.put("openedAt", n(now.getEpochSecond()));
        item.put("claimUntil", n(claimUntil.getEpochSecond()));
        item.put("recovering", AttributeValue.fromBool(false));
        item.put("lastSeenAt", n(now.getEpochSecond()));
        item.put("checks", n(1));
        item.put("version", n(1));
        item.put("expiresAt", n(now.plus(FORGET_AFTER).getEpochSecond()));
        return conditional(() -> dynamoDb.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)")));
    }

    @Override
    public boolean takeOver(AlertState state, Instant now, Instant claimUntil) {
        return conditional(() -> dynamoDb.updateItem(r -> r.tableName(table).key(key(state.resource()))
                .updateExpression("SET claimUntil = :until, version = :next, lastSeenAt = :now, expiresAt = :expires")
                .conditionExpression("version = :version AND attribute_not_exists(alertedAt)")
                .expressionAttributeValues(Map.of(":until", n(claimUntil.getEpochSecond()), ":next", n(state.version() + 1),
                        ":now", n(now.getEpochSecond()), ":expires", n(now.plus(FORGET_AFTER).getEpochSecond()),
                        ":version", n(state.version())))));
    }

    @Override
    public void alerted(String resource, long claimedVersion, Instant now) {
        conditional(() -> dynamoDb.updateItem(r -> r.tableName(table).key(key(resource))
                .updateExpression("SET alertedAt = :now REMOVE claimUntil")
                .conditionExpression("version = :version")
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()), ":version", n(claimedVersion)))));
    }

    @Override
    public void fold(AlertState state, Instant now) {
        conditional(() -> dynamoDb.updateItem(r -> r.tableName(table).key(key(state.resource()))
                .updateExpression("SET lastSeenAt = :now, expiresAt = :expires ADD checks :one")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()), ":expires", n(now.plus(FORGET_AFTER).getEpochSecond()),
                        ":one", n(1)))));
    }

    @Override
    public boolean claimRecovery(AlertState state, Instant now, Instant claimUntil) {
        return conditional(() -> dynamoDb.updateItem(r -> r.tableName(table).key(key(state.resource()))
                .updateExpression("SET recovering = :true, claimUntil = :until, version = :next")
                .conditionExpression("version = :version AND attribute_exists(alertedAt)")
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":until", n(claimUntil.getEpochSecond()),
                        ":next", n(state.version() + 1), ":version", n(state.version())))));
    }

    @Override
    public boolean close(String resource, long version) {
        return conditional(() -> dynamoDb.deleteItem(r -> r.tableName(table).key(key(resource))
                .conditionExpression("version = :version")
                .expressionAttributeValues(Map.of(":version", n(version)))));
    }

    private static boolean conditional(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static AlertState fromItem(Map<String, AttributeValue> item) {
        return new AlertState(item.get("pk").s(), status(item), text(item, "policy"), time(item, "openedAt").orElse(Instant.EPOCH),
                time(item, "alertedAt"), time(item, "claimUntil"),
                item.containsKey("recovering") && Boolean.TRUE.equals(item.get("recovering").bool()),
                time(item, "lastSeenAt").orElse(Instant.EPOCH), number(item, "checks"), number(item, "version"));
    }

    private static RpoStatus status(Map<String, AttributeValue> item) {
        try {
            return RpoStatus.valueOf(text(item, "status"));
        } catch (IllegalArgumentException e) {
            return RpoStatus.BREACH;
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    private static Optional<Instant> time(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(value.n())));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static Map<String, AttributeValue> key(String resource) {
        return Map.of("pk", s(resource));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
