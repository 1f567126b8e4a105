package dev.lifeboat.healthreport;

import java.time.Instant;

/**
 * One finished backup, copy or restore job.
 *
 * @param type     {@code backup}, {@code copy}, {@code restore} … (the metrics' JobType dimension)
 * @param failed   whether it failed
 * @param failure  what failed (a FailureKind title), empty for a success
 * @param reason   the reason AWS gave, empty for a success
 */
public record JobRecord(Instant time, String region, String type, boolean failed, String resourceType, String resource,
                        String failure, String reason) {
}
