package dev.lifeboat.healthreport;

import dev.lifeboat.shared.jobs.FailureKind;
import dev.lifeboat.shared.jobs.JobEvent;
import dev.lifeboat.shared.jobs.JobOutcome;
import dev.lifeboat.shared.jobs.JobType;
import java.time.Instant;
import java.util.Optional;

/** Finished backup jobs as the job history records them. */
final class HealthReportHandlerTestJobs {

    private HealthReportHandlerTestJobs() {
    }

    static JobEvent job(String eventId, Instant at, boolean failed) {
        return new JobEvent(eventId, "aws.backup", "Backup Job State Change", "123456789012", "us-east-1", at, JobType.BACKUP,
                failed ? JobOutcome.FAILED : JobOutcome.COMPLETED, failed ? "FAILED" : "COMPLETED",
                failed ? Optional.of(FailureKind.BACKUP_JOB_FAILED) : Optional.empty(), "EBS", "vol-0a1b2c3d4e5f60001", "job-" + eventId, "",
                failed ? "Access denied" : "", Optional.of(at.minusSeconds(60)), Optional.of(at));
    }
}
