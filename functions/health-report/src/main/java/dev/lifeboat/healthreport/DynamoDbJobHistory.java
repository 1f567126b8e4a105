package dev.lifeboat.healthreport;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.jobs.JobEvent;
import dev.lifeboat.shared.jobs.JobOutcome;
import dev.lifeboat.shared.jobs.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The job history table: one item per finished job, partitioned by UTC day ({@code pk = day#2025-03-10},
 * {@code sk = <finished at>#<event id>}), kept 400 days ({@code expiresAt}, the table's TTL). A period is
 * read with one query per day. {@link #record} is idempotent: a duplicate delivery rewrites the same item.
 */
public final class DynamoDbJobHistory implements JobHistory {

    static final Duration KEEP = Duration.ofDays(400);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbJobHistory(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Remembers a finished job; a job still running is not recorded. */
    public void record(JobEvent job) {
        if (job.outcome() == JobOutcome.IN_PROGRESS) {
            return;
        }
        Instant at = job.completedAt().orElse(job.time());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("day#" + LocalDate.ofInstant(at, ZoneOffset.UTC)));
        item.put("sk", s(at + "#" + SafeText.bounded(job.eventId(), 200)));
        item.put("finishedAt", s(at.toString()));
        item.put("region", s(job.region()));
        item.put("jobType", s(job.type().dimension()));
        item.put("failed", AttributeValue.fromBool(job.outcome() == JobOutcome.FAILED));
        item.put("resourceType", s(SafeText.bounded(job.resourceType(), 100)));
        item.put("resource", s(SafeText.bounded(job.resource(), 2048)));
        item.put("failure", s(job.failure().map(FailureKind::title).orElse("")));
        item.put("reason", s(SafeText.bounded(job.reason(), 1024)));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(at.plus(KEEP).getEpochSecond())));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public List<JobRecord> between(Instant from, Instant to) {
        List<JobRecord> jobs = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
            String pk = "day#" + day;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> exclusiveStart = start;
                QueryResponse page = dynamoDb.query(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(pk))).exclusiveStartKey(exclusiveStart));
                for (Map<String, AttributeValue> item : page.items()) {
                    Instant at = Instant.parse(item.get("finishedAt").s());
                    if (!at.isBefore(from) && at.isBefore(to)) {
                        jobs.add(new JobRecord(at, text(item, "region"), text(item, "jobType"),
                                item.containsKey("failed") && Boolean.TRUE.equals(item.get("failed").bool()),
                                text(item, "resourceType"), text(item, "resource"), text(item, "failure"), text(item, "reason")));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return jobs;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value == null ? "" : value);
    }
}
