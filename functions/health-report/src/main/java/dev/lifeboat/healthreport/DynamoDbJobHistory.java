package dev.lifeboat.healthreport;

import dev.lifeboat.shared.event.SafeText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads the job history table that the metrics function writes (its {@code DynamoDbJobHistoryWriter}
 * documents and pins the same layout). One item per finished job:
 * <pre>
 * pk           S    "day#" + the UTC day it finished             (day#2025-03-10: a period is read with one query per day)
 * sk           S    jobType + "#" + region + "#" + jobId           ("event:" + the event id when the event names no job)
 * finishedAt   S    ISO-8601 instant
 * region       S    where the job ran
 * jobType      S    backup | copy | restore | snapshot-policy | replication
 * jobId        S    the job, snapshot or execution id
 * state        S    the state as AWS named it (COMPLETED, FAILED, ABORTED, EXPIRED, TIMED_OUT …)
 * failed       BOOL whether it failed
 * resourceType S    EBS, RDS, Aurora, EFS …
 * resource     S    the protected resource (ARN or id)
 * failure      S    what failed (a FailureKind title), empty for a success
 * reason       S    the reason AWS gave, empty for a success
 * expiresAt    N    epoch seconds, 400 days after finishedAt (the table's TTL)
 * </pre>
 * Only {@code pk}, {@code finishedAt}, {@code region}, {@code jobType}, {@code failed}, {@code resourceType},
 * {@code resource}, {@code failure} and {@code reason} are read; a missing text attribute reads as empty.
 */
public final class DynamoDbJobHistory implements JobHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbJobHistory.class);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbJobHistory(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
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
                    Instant at;
                    try {
                        at = Instant.parse(text(item, "finishedAt"));
                    } catch (DateTimeParseException e) {
                        LOG.warn("Job history item {} / {} in {} has no readable finishedAt: left out", text(item, "pk"),
                                SafeText.bounded(text(item, "sk"), 300), table);
                        continue;
                    }
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
