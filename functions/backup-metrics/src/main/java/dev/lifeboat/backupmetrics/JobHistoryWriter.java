package dev.lifeboat.backupmetrics;

import dev.lifeboat.shared.jobs.JobEvent;

/** Where every finished job is remembered for the health report. */
public interface JobHistoryWriter {

    /** Remembers a finished job (completed or failed; a job still running is not written); the same job again writes the same item. */
    void record(JobEvent job);
}
