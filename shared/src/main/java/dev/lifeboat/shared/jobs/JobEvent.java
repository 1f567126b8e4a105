package dev.lifeboat.shared.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One backup, copy or restore job event, as metrics and alerts see it, whatever AWS service
 * raised it. Text fields are as AWS sent them (never null, possibly empty, not yet made safe):
 * render them through {@code SafeText} before they reach a log line or a message.
 *
 * @param eventId        the EventBridge event id (duplicate deliveries share it)
 * @param type           what kind of job
 * @param outcome        completed, failed or still running
 * @param state          the state as AWS named it ({@code FAILED}, {@code ABORTED}, {@code failed}, {@code TIMED_OUT} …)
 * @param failure        what failed, when the outcome is {@link JobOutcome#FAILED}
 * @param resourceType   the kind of resource, as a metric dimension ({@code EBS}, {@code RDS}, {@code Aurora}, {@code EC2} …)
 * @param resource       the protected resource (an ARN or id): the volume, DB instance, bucket, policy or restore target
 * @param jobId          the job, snapshot or execution id
 * @param recoveryPoint  the recovery point (snapshot or recovery point ARN) the job made or used; empty if unknown
 * @param reason         the reason AWS gave (status message, cause, error)
 * @param startedAt      when the job (or the recovery point it copies) started, if the event says
 * @param completedAt    when it ended, if the event says
 */
public record JobEvent(
        String eventId,
        String source,
        String detailType,
        String account,
        String region,
        Instant time,
        JobType type,
        JobOutcome outcome,
        String state,
        Optional<FailureKind> failure,
        String resourceType,
        String resource,
        String jobId,
        String recoveryPoint,
        String reason,
        Optional<Instant> startedAt,
        Optional<Instant> completedAt) {

    /** How long the job ran, when the event gives both ends and they are in order. */
    public Optional<Duration> duration() {
        if (startedAt.isEmpty() || completedAt.isEmpty() || completedAt.get().isBefore(startedAt.get())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(startedAt.get(), completedAt.get()));
    }
}
