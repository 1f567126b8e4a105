package dev.lifeboat.shared.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The ledger as a DynamoDB table keyed by {@code pk}, every state change a conditional write.
 * Items expire through the table's TTL attribute {@code expiresAt}: completed work is remembered
 * for {@link #DONE_RETENTION}, longer than any redelivery or retry can arrive.
 *
 * <p>A slot pool is one item whose {@code holders} map has an entry per taken slot; taking a slot
 * is one conditional update ({@code size(holders) < cap}), so concurrent invocations can never
 * take more than the cap between them.
 */
public final class DynamoDbLedger implements Ledger {

    static final Duration DONE_RETENTION = Duration.ofDays(400);

    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String DONE = "DONE";
    private static final String FAILED = "FAILED";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Clock clock;
    /** Pools known to have their item: pool items are never deleted, so each is created at most once per instance. */
    private final java.util.Set<String> knownPools = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
            // ALL_OLD: the item this claim replaced, if any, tells a first claim from a takeover
            PutItemResponse replaced = dynamoDb.putItem(r -> r.tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR #status = :failed OR (#status = :inProgress AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":failed", s(FAILED), ":inProgress", s(IN_PROGRESS), ":now", n(now)))
                    .returnValues(ReturnValue.ALL_OLD));
            return new Claim.Acquired(key, token, !replaced.hasAttributes() || replaced.attributes().isEmpty());
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

    @Override
    public void reopen(String key, String reason) {
        long now = clock.instant().getEpochSecond();
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(Map.of("pk", s(key)))
                    .updateExpression("SET #status = :failed, reason = :reason, updatedAt = :now")
                    .conditionExpression("#status = :done")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":failed", s(FAILED), ":done", s(DONE),
                            ":reason", s(reason.isEmpty() ? "unknown" : reason), ":now", n(now))));
        } catch (ConditionalCheckFailedException e) {
            // not done (never was, or already reopened): nothing to reopen
        }
    }

    @Override
    public boolean acquireSlot(String pool, int cap, String holder, Map<String, String> details) {
        // the pool's item first: the condition below reads its holders map (and moto fails on a missing one)
        if (knownPools.add(pool)) {
            createPool(pool);
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(Map.of("pk", s(pool)))
                    .updateExpression("SET holders.#holder = :slot, updatedAt = :now")
                    .conditionExpression("attribute_exists(holders.#holder) OR size(holders) < :cap")
                    .expressionAttributeNames(Map.of("#holder", holder))
                    .expressionAttributeValues(Map.of(":slot", slot(details), ":cap", n(cap),
                            ":now", n(clock.instant().getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void updateSlot(String pool, String holder, Map<String, String> details) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(Map.of("pk", s(pool)))
                    .updateExpression("SET holders.#holder.details = :details")
                    .conditionExpression("attribute_exists(holders.#holder)")
                    .expressionAttributeNames(Map.of("#holder", holder))
                    .expressionAttributeValues(Map.of(":details", strings(details))));
        } catch (ConditionalCheckFailedException e) {
            // released meanwhile (the copy finished before we noted its id): nothing to update
        }
    }

    @Override
    public boolean releaseSlot(String pool, String holder) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(Map.of("pk", s(pool)))
                    .updateExpression("REMOVE holders.#holder SET updatedAt = :now")
                    .conditionExpression("attribute_exists(holders.#holder)")
                    .expressionAttributeNames(Map.of("#holder", holder))
                    .expressionAttributeValues(Map.of(":now", n(clock.instant().getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Map<String, Slot> slots(String pool) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(tableName).key(Map.of("pk", s(pool))).consistentRead(true)).item();
        Map<String, Slot> slots = new LinkedHashMap<>();
        AttributeValue holders = item == null ? null : item.get("holders");
        if (holders != null && holders.hasM()) {
            holders.m().forEach((holder, value) -> {
                Map<String, AttributeValue> slot = value.hasM() ? value.m() : Map.of();
                AttributeValue since = slot.get("since");
                slots.put(holder, new Slot(holder, Instant.ofEpochSecond(since == null ? 0 : Long.parseLong(since.n())),
                        strings(slot.get("details"))));
            });
        }
        return slots;
    }

    @Override
    public void remember(String key, Map<String, String> attributes) {
        long now = clock.instant().getEpochSecond();
        dynamoDb.putItem(r -> r.tableName(tableName).item(Map.of("pk", s(key), "status", s("RECORD"),
                "attributes", strings(attributes), "updatedAt", n(now), "expiresAt", n(now + DONE_RETENTION.toSeconds()))));
    }

    @Override
    public Optional<Map<String, String>> recall(String key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(tableName).key(Map.of("pk", s(key))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(strings(item.get("attributes")));
    }

    /** Creates the pool's item unless it exists. */
    private void createPool(String pool) {
        try {
            dynamoDb.putItem(r -> r.tableName(tableName)
                    .item(Map.of("pk", s(pool), "holders", AttributeValue.fromM(Map.of()), "updatedAt", n(clock.instant().getEpochSecond())))
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            // it exists
        }
    }

    private AttributeValue slot(Map<String, String> details) {
        return AttributeValue.fromM(Map.of("since", n(clock.instant().getEpochSecond()), "details", strings(details)));
    }

    private static AttributeValue strings(Map<String, String> values) {
        return AttributeValue.fromM(values.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> s(entry.getValue()))));
    }

    private static Map<String, String> strings(AttributeValue value) {
        Map<String, String> values = new HashMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((name, v) -> values.put(name, v.s()));
        }
        return Map.copyOf(values);
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
