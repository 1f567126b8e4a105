package dev.lifeboat.healthreport;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The restore-drill table the drill function writes: one item per drill, keyed by {@code drillId}. */
public final class DynamoDbDrillResults implements DrillResults {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbDrillResults(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public List<DrillRecord> all() {
        List<DrillRecord> drills = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(table).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                OptionalLong seconds = OptionalLong.empty();
                AttributeValue restore = item.get("restoreSeconds");
                if (restore != null && restore.n() != null) {
                    seconds = OptionalLong.of((long) Double.parseDouble(restore.n()));
                }
                drills.add(new DrillRecord(text(item, "drillId"), text(item, "source"), text(item, "resourceType"), text(item, "policy"),
                        time(item, "startedAt"), time(item, "finishedAt"), text(item, "outcome"), seconds, text(item, "error")));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return drills;
    }

    private static Optional<Instant> time(Map<String, AttributeValue> item, String name) {
        String value = text(item, name);
        try {
            return value.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }
}
