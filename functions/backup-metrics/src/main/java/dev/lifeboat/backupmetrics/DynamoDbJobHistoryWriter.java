package dev.lifeboat.backupmetrics;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.jobs.FailureKind;
import dev.lifeboat.shared.jobs.JobEvent;
import dev.lifeboat.shared.jobs.JobOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes the job history table ({@code JOB_HISTORY_TABLE}) that the health report reads (its
 * {@code DynamoDbJobHistory} documents and pins the same layout). One item per finished job:
 * <pre>
 * pk           S    "day#" + the UTC day it finished             (day#2025-03-10: the report reads a period a day at a time)
 * sk           S    jobType + "#" + region + "#" + jobId           ("event:" + the event id when the event names no job)
 * finishedAt   S    ISO-8601 instant: the event's completion time, else the event's time
 * region       S    where the job ran
 * jobType      S    backup | copy | restore | snapshot-policy | replication
 * jobId        S    the job, snapshot or execution id
 * state        S    the state as AWS named it (COMPLETED, FAILED, ABORTED, EXPIRED, TIMED_OUT …)
 * failed       BOOL whether it failed
 * resourceType S    EBS, RDS, Aurora, EFS …
 * resource     S    the protected resource (ARN or id), at most 2048 characters
 * failure      S    what failed (a FailureKind title), empty for a success
 * reason       S    the reason AWS gave, at most 1024 characters, empty for a success
 * expiresAt    N    epoch seconds, 400 days after finishedAt (the table's TTL)
 * </pre>
 * The key is the job, not the event: a duplicate delivery, or a second event about the same job's
 * end, rewrites the same item (a plain put: the last word on a job wins).
 */
public final class DynamoDbJobHistoryWriter implements JobHistoryWriter {

    static final Duration KEEP = Duration.ofDays(400);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbJobHistoryWriter(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public String table() {
        return table;
    }

    @Override
    public void record(JobEvent job) {
        if (job.outcome() == JobOutcome.IN_PROGRESS) {
            return;
        }
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(item(job)));
        } catch (SdkException e) {
            throw new IllegalStateException("job history table " + table + " cannot be written: " + e.getMessage(), e);
        }
    }

    static Map<String, AttributeValue> item(JobEvent job) {
        Instant at = job.completedAt().orElse(job.time());
        String id = job.jobId().isBlank() ? "event:" + job.eventId() : job.jobId();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("day#" + LocalDate.ofInstant(at, ZoneOffset.UTC)));
        item.put("sk", s(job.type().dimension() + "#" + job.region() + "#" + SafeText.bounded(id, 512)));
        item.put("finishedAt", s(at.toString()));
        item.put("region", s(job.region()));
        item.put("jobType", s(job.type().dimension()));
        item.put("jobId", s(SafeText.bounded(job.jobId(), 512)));
        item.put("state", s(SafeText.bounded(job.state(), 64)));
        item.put("failed", AttributeValue.fromBool(job.outcome() == JobOutcome.FAILED));
        item.put("resourceType", s(SafeText.bounded(job.resourceType(), 100)));
        item.put("resource", s(SafeText.bounded(job.resource(), 2048)));
        item.put("failure", s(job.failure().map(FailureKind::title).orElse("")));
        item.put("reason", s(job.outcome() == JobOutcome.FAILED ? SafeText.bounded(job.reason(), 1024) : ""));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(at.plus(KEEP).getEpochSecond())));
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value == null ? "" : value);
    }
}
