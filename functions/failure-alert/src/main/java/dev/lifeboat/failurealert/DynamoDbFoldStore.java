package dev.lifeboat.failurealert;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.jobs.FailureKind;
import dev.lifeboat.shared.jobs.JobEvent;
import dev.lifeboat.shared.jobs.JobOutcome;
import dev.lifeboat.shared.jobs.JobType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Fold state in the alert table: one item per failure kind and resource ({@code pk}), versioned
 * for conditional writes, expiring ({@code expiresAt}, the table's TTL) a week after its window.
 */
public final class DynamoDbFoldStore implements FoldStore {

    private static final Duration KEEP_AFTER_WINDOW = Duration.ofDays(7);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbFoldStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<FoldState> load(String key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(key)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean save(FoldState state, long expectedVersion) {
        Map<String, AttributeValue> item = toItem(state);
        try {
            dynamoDb.putItem(r -> {
                r.tableName(table).item(item);
                if (expectedVersion == 0) {
                    r.conditionExpression("attribute_not_exists(pk)");
                } else {
                    r.conditionExpression("version = :expected")
                            .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
                }
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<FoldState> dueForSummary(Instant now) {
        List<FoldState> due = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(table).consistentRead(true)
                    .filterExpression("pending > :zero AND windowEnds <= :now")
                    .expressionAttributeValues(Map.of(":zero", n(0), ":now", n(now.getEpochSecond())))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> due.add(fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return due;
    }

    private static Map<String, AttributeValue> toItem(FoldState state) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(state.key()));
        item.put("windowEnds", n(state.windowEnds().getEpochSecond()));
        item.put("lastSentAt", n(state.lastSentAt().getEpochSecond()));
        item.put("pending", n(state.pending()));
        item.put("lastSeenAt", n(state.lastSeenAt().getEpochSecond()));
        item.put("version", n(state.version()));
        item.put("expiresAt", n(state.windowEnds().plus(KEEP_AFTER_WINDOW).getEpochSecond()));
        item.put("seenEventIds", AttributeValue.fromL(state.seenEventIds().stream().map(DynamoDbFoldStore::s).toList()));
        JobEvent e = state.lastEvent();
        Map<String, AttributeValue> event = new HashMap<>();
        event.put("eventId", s(e.eventId()));
        event.put("source", s(e.source()));
        event.put("detailType", s(e.detailType()));
        event.put("account", s(e.account()));
        event.put("region", s(e.region()));
        event.put("time", n(e.time().toEpochMilli()));
        event.put("type", s(e.type().name()));
        event.put("outcome", s(e.outcome().name()));
        event.put("state", s(e.state()));
        event.put("failure", s(e.failure().map(Enum::name).orElse("")));
        event.put("resourceType", s(e.resourceType()));
        event.put("resource", s(SafeText.bounded(e.resource(), 2048)));
        event.put("jobId", s(SafeText.bounded(e.jobId(), 2048)));
        event.put("recoveryPoint", s(SafeText.bounded(e.recoveryPoint(), 2048)));
        event.put("reason", s(SafeText.bounded(e.reason(), 4096)));
        e.startedAt().ifPresent(t -> event.put("startedAt", n(t.toEpochMilli())));
        e.completedAt().ifPresent(t -> event.put("completedAt", n(t.toEpochMilli())));
        item.put("lastEvent", AttributeValue.fromM(event));
        return item;
    }

    private static FoldState fromItem(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> e = item.get("lastEvent").m();
        String failure = e.get("failure").s();
        JobEvent event = new JobEvent(e.get("eventId").s(), e.get("source").s(), e.get("detailType").s(), e.get("account").s(),
                e.get("region").s(), Instant.ofEpochMilli(Long.parseLong(e.get("time").n())), JobType.valueOf(e.get("type").s()),
                JobOutcome.valueOf(e.get("outcome").s()), e.get("state").s(),
                failure.isEmpty() ? Optional.empty() : Optional.of(FailureKind.valueOf(failure)),
                e.get("resourceType").s(), e.get("resource").s(), e.get("jobId").s(), e.get("recoveryPoint").s(), e.get("reason").s(),
                Optional.ofNullable(e.get("startedAt")).map(v -> Instant.ofEpochMilli(Long.parseLong(v.n()))),
                Optional.ofNullable(e.get("completedAt")).map(v -> Instant.ofEpochMilli(Long.parseLong(v.n()))));
        return new FoldState(item.get("pk").s(), seconds(item, "windowEnds"), seconds(item, "lastSentAt"),
                Long.parseLong(item.get("pending").n()), seconds(item, "lastSeenAt"), event,
                item.get("seenEventIds").l().stream().map(AttributeValue::s).toList(), Long.parseLong(item.get("version").n()));
    }

    private static Instant seconds(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochSecond(Long.parseLong(item.get(name).n()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value == null ? "" : value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
