package dev.lifeboat.shared.jobs;

/** Where a job stands after the event: finished well, finished badly, or still on its way. */
public enum JobOutcome {
    COMPLETED,
    FAILED,
    IN_PROGRESS
}
