package dev.lifeboat.backupmetrics;

import java.util.List;

/**
 * The metrics this function emits in the {@code Lifeboat} namespace and the dimensions they carry.
 * The template's dashboards and alarms name exactly these (a test cross-checks them).
 */
public final class MetricNames {

    public static final String NAMESPACE = "Lifeboat";

    /** A job finished well. Count, by {@link #BY_JOB} and by {@link #BY_REGION}. */
    public static final String JOBS_COMPLETED = "JobsCompleted";
    /** A job failed. Count, by {@link #BY_JOB} and by {@link #BY_REGION}. */
    public static final String JOBS_FAILED = "JobsFailed";
    /** From the source recovery point's creation to its recovery-region copy's completion. Seconds, by {@link #BY_JOB}. */
    public static final String COPY_LATENCY = "CopyLatency";
    /** From a restore's start to its end (Step Functions executions, AWS Backup restore jobs). Seconds, by {@link #BY_JOB}. */
    public static final String RESTORE_DURATION = "RestoreDuration";
    /** The age of the oldest newest-recovery-point among protected resources. Seconds, by {@link #BY_REGION}. */
    public static final String OLDEST_RECOVERY_POINT_AGE = "OldestRecoveryPointAge";
    /** Protected resources whose newest recovery point is older than their RPO. Count, by {@link #BY_REGION}. */
    public static final String RESOURCES_BEYOND_RPO = "ResourcesBeyondRpo";
    /** Protected resources the RPO check looked at. Count, by {@link #BY_REGION}. */
    public static final String PROTECTED_RESOURCES = "ProtectedResources";
    /** Events that could not be read (the log line names the field). Count, by {@link #BY_REGION}. */
    public static final String INVALID_EVENTS = "InvalidEvents";

    public static final String JOB_TYPE = "JobType";
    public static final String RESOURCE_TYPE = "ResourceType";
    public static final String REGION = "Region";

    public static final List<String> BY_JOB = List.of(JOB_TYPE, RESOURCE_TYPE, REGION);
    public static final List<String> BY_REGION = List.of(REGION);

    private MetricNames() {
    }
}
