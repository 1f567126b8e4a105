package dev.lifeboat.restoredrill;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link DrillRecords} in the drill table: partition key {@code drillId} (S); attributes
 * {@code source}, {@code resourceType}, {@code policy}, {@code recoveryPoint}, {@code startedAt} and
 * {@code finishedAt} (ISO-8601), {@code outcome}, {@code restoreSeconds} (N), {@code error},
 * {@code cleanedUp} (BOOL), {@code executionArn}, {@code alertedAt}.
 */
public final class DynamoDbDrillRecords implements DrillRecords {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDrillRecords(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void started(DrillRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("drillId", s(record.drillId()));
        item.put("source", s(record.source()));
        item.put("resourceType", s(record.resourceType()));
        item.put("policy", s(record.policy()));
        item.put("recoveryPoint", s(record.recoveryPoint()));
        item.put("startedAt", s(record.startedAt().toString()));
        item.put("outcome", s(record.outcome()));
        item.put("cleanedUp", AttributeValue.fromBool(false));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(drillId)"));
        } catch (ConditionalCheckFailedException e) {
            // started before: a repeated schedule delivery
        }
    }

    @Override
    public boolean finished(DrillRecord record) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":source", s(record.source()));
        values.put(":resourceType", s(record.resourceType()));
        values.put(":policy", s(record.policy()));
        values.put(":recoveryPoint", s(record.recoveryPoint()));
        values.put(":startedAt", s(record.startedAt().toString()));
        values.put(":finishedAt", s(record.finishedAt().orElseThrow().toString()));
        values.put(":outcome", s(record.outcome()));
        values.put(":error", s(record.error()));
        values.put(":cleanedUp", AttributeValue.fromBool(record.cleanedUp()));
        String update = "SET #source = if_not_exists(#source, :source), resourceType = if_not_exists(resourceType, :resourceType), "
                + "#policy = if_not_exists(#policy, :policy), recoveryPoint = if_not_exists(recoveryPoint, :recoveryPoint), "
                + "startedAt = :startedAt, finishedAt = :finishedAt, outcome = :outcome, #error = :error, cleanedUp = :cleanedUp";
        if (record.restoreSeconds().isPresent()) {
            values.put(":restoreSeconds", AttributeValue.fromN(Double.toString(record.restoreSeconds().get())));
            update += ", restoreSeconds = :restoreSeconds";
        }
        String expression = update;
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(record.drillId())).updateExpression(expression)
                    .conditionExpression("attribute_not_exists(finishedAt)")
                    .expressionAttributeNames(Map.of("#source", "source", "#policy", "policy", "#error", "error"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void cleanedUp(String drillId) {
        dynamo.updateItem(r -> r.tableName(table).key(key(drillId)).updateExpression("SET cleanedUp = :true")
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
    }

    @Override
    public void alerted(String drillId) {
        dynamo.updateItem(r -> r.tableName(table).key(key(drillId)).updateExpression("SET alertedAt = :now")
                .expressionAttributeValues(Map.of(":now", s(Instant.now().toString()))));
    }

    @Override
    public Optional<Stored> find(String drillId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(drillId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Stored(Optional.ofNullable(item.get("policy")).map(AttributeValue::s), item.containsKey("finishedAt"),
                item.containsKey("alertedAt")));
    }

    private static Map<String, AttributeValue> key(String drillId) {
        return Map.of("drillId", s(drillId));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value == null ? "" : value);
    }
}
