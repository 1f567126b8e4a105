package dev.lifeboat.restoredrill;

import java.time.Instant;
import java.util.Optional;

/**
 * One drill as the drill table keeps it (the health report reads it).
 *
 * @param drillId        the execution's name ({@code drill-…}), or {@code restore-test-<job id>} for an AWS Backup restore test
 * @param outcome        {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code TIMED_OUT}
 * @param restoreSeconds how long the restore workflow ran: its stop date minus its start date
 * @param error          why it failed (error and cause), empty when it succeeded
 * @param cleanedUp      nothing the drill restored is left
 */
public record DrillRecord(String drillId, String source, String resourceType, String policy, String recoveryPoint, Instant startedAt,
                          Optional<Instant> finishedAt, String outcome, Optional<Double> restoreSeconds, String error, boolean cleanedUp) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String TIMED_OUT = "TIMED_OUT";
}
