package dev.lifeboat.failurealert;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.jobs.FailureKind;
import dev.lifeboat.shared.jobs.JobEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Writes the alert a person reads: a subject that names the failure and the resource (ASCII,
 * under 100 characters, as SNS requires), and a body with where, what, why, a console link and
 * the next step. Every value from the event is untrusted: control characters are replaced,
 * angle brackets neutralised, and each field is cut to a bound, so the message stays readable
 * and small whatever the event holds.
 */
public final class AlertRenderer {

    static final int MAX_SUBJECT = 99;
    private static final int MAX_FIELD = 300;
    private static final int MAX_REASON = 1500;
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9:/_.+=@-]{1,512}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

    /** The message for a failure that opens a window; {@code repeats} were folded since {@code previousSentAt}. */
    public AlertMessage first(JobEvent failure, long repeats, Instant previousSentAt, Duration window) {
        StringBuilder body = new StringBuilder();
        body.append(kind(failure).title()).append(" for ").append(field(failure.resource(), MAX_FIELD)).append(".\n\n");
        details(body, failure);
        if (repeats > 0) {
            body.append("\nRepeats: this failure also happened ").append(repeats).append(repeats == 1 ? " time" : " times")
                    .append(" since the alert of ").append(previousSentAt.truncatedTo(ChronoUnit.SECONDS))
                    .append(" (folded, not sent one by one).\n");
        }
        footer(body, failure, window);
        return new AlertMessage(subject(failure, repeats > 0 ? " (+" + repeats + " repeats)" : ""), body.toString());
    }

    /** The summary of repeats folded after the last message, sent when its window has closed. */
    public AlertMessage summary(FoldState state, Duration window) {
        JobEvent last = state.lastEvent();
        StringBuilder body = new StringBuilder();
        body.append(kind(last).title()).append(" for ").append(field(last.resource(), MAX_FIELD)).append(" is still happening: ")
                .append(state.pending()).append(state.pending() == 1 ? " more time" : " more times")
                .append(" since the alert of ").append(state.lastSentAt().truncatedTo(ChronoUnit.SECONDS))
                .append(", the latest at ").append(state.lastSeenAt().truncatedTo(ChronoUnit.SECONDS)).append(".\n\nThe latest:\n");
        details(body, last);
        footer(body, last, window);
        return new AlertMessage(subject(last, " x" + state.pending() + " more"), body.toString());
    }

    private static void details(StringBuilder body, JobEvent failure) {
        line(body, "Account", failure.account().isEmpty() ? "unknown" : failure.account());
        line(body, "Region", failure.region().isEmpty() ? "unknown" : failure.region());
        line(body, "Resource", failure.resource());
        line(body, "Resource type", failure.resourceType());
        line(body, "Job", failure.jobId().isEmpty() ? "unknown" : failure.jobId());
        if (!failure.recoveryPoint().isEmpty()) {
            line(body, "Recovery point", failure.recoveryPoint());
        }
        line(body, "State", failure.state());
        line(body, "When", failure.time().toString());
        body.append("Reason (from AWS): ").append(failure.reason().isBlank() ? "AWS gave no reason" : field(failure.reason(), MAX_REASON)).append('\n');
        body.append("Console: ").append(consoleLink(failure)).append('\n');
    }

    private static void footer(StringBuilder body, JobEvent failure, Duration window) {
        body.append("\nNext step: ").append(nextStep(kind(failure))).append('\n');
        body.append("\nRepeats of this failure for this resource within ").append(window.toMinutes())
                .append(" minutes are folded into one later message. Event id: ").append(field(failure.eventId(), 120)).append('\n');
    }

    private static void line(StringBuilder body, String name, String value) {
        body.append(name).append(": ").append(field(value, MAX_FIELD)).append('\n');
    }

    /** What a person should do about each kind of failure; the README's "Alerts and what to do" says the same. */
    static String nextStep(FailureKind kind) {
        return switch (kind) {
            case BACKUP_JOB_FAILED -> "Open the job in the AWS Backup console and read its status message. Fix the cause "
                    + "(the backup role's permissions, the vault's access policy or KMS key, the resource's state), then start an "
                    + "on-demand backup of the resource so that its recovery point is not older than its RPO.";
            case BACKUP_JOB_ABORTED -> "Someone or something stopped the job. If it was not deliberate, find who in CloudTrail "
                    + "(StopBackupJob), then start an on-demand backup of the resource.";
            case BACKUP_JOB_EXPIRED -> "The job did not start within the plan's start window (often: another job for the same "
                    + "resource was still running). Widen the rule's start window or move its schedule, then start an on-demand backup.";
            case COPY_JOB_FAILED -> "The recovery point was not copied to the recovery region. Check the destination vault's "
                    + "access policy and KMS key policy (the copy role must use the key), then copy the recovery point again "
                    + "from the source vault (Actions, Copy).";
            case RESTORE_JOB_FAILED -> "Read the status message, fix the restore parameters or permissions it names, and start "
                    + "the restore again; delete whatever the failed restore left behind.";
            case EBS_SNAPSHOT_FAILED -> "The snapshot is in error and is not a recovery point. Check the volume (state, KMS key "
                    + "access) and take a new snapshot; delete the failed one.";
            case EBS_COPY_FAILED -> "The snapshot was not copied to the recovery region. Check the recovery KMS key's policy "
                    + "and the per-region copy limit, then redrive the copy (the copy function retries from its queue; see "
                    + "the dead-letter queue alarm).";
            case RDS_SNAPSHOT_FAILED -> "Open the snapshot in the RDS console and read the event's message. For a canceled "
                    + "copy, check the recovery KMS key and the manual snapshot quota of the recovery region, then copy again.";
            case RESTORE_WORKFLOW_FAILED -> "Open the execution in the Step Functions console: the failed state and its error "
                    + "say what went wrong. Fix the input or the cause and start a new execution; clean up resources the "
                    + "execution created if its input did not ask for cleanup.";
            case RESTORE_WORKFLOW_TIMED_OUT -> "The restored resource did not become available in time. Check it in its "
                    + "console; if it is still creating, wait and validate by hand, or start again with a longer time limit.";
            case RESTORE_WORKFLOW_ABORTED -> "Someone stopped the restore. If it was not deliberate, start it again; delete "
                    + "resources the stopped execution created.";
            case DLM_POLICY_ERROR -> "The lifecycle policy stopped taking snapshots. Fix the cause it names (usually the "
                    + "policy's IAM role or a snapshot limit) and check that the policy is ENABLED again.";
            case S3_REPLICATION_FAILED -> "The object was not replicated. Fix the cause named by the failure reason (the "
                    + "replication role, the destination bucket's versioning, policy or KMS key), then replicate the "
                    + "failed objects again with S3 Batch Replication.";
        };
    }

    static String consoleLink(JobEvent failure) {
        String region = REGION.matcher(failure.region()).matches() ? failure.region() : "us-east-1";
        String base = "https://" + region + ".console.aws.amazon.com/";
        String job = SAFE_ID.matcher(failure.jobId()).matches() ? failure.jobId() : "";
        String query = "?region=" + region;
        return switch (kind(failure)) {
            case BACKUP_JOB_FAILED, BACKUP_JOB_ABORTED, BACKUP_JOB_EXPIRED ->
                    base + "backup/home" + query + "#/jobs/backup" + (job.isEmpty() ? "" : "/details/" + encode(job));
            case COPY_JOB_FAILED -> base + "backup/home" + query + "#/jobs/copy" + (job.isEmpty() ? "" : "/details/" + encode(job));
            case RESTORE_JOB_FAILED -> base + "backup/home" + query + "#/jobs/restore" + (job.isEmpty() ? "" : "/details/" + encode(job));
            case EBS_SNAPSHOT_FAILED, EBS_COPY_FAILED ->
                    base + "ec2/home" + query + (job.isEmpty() ? "#Snapshots:" : "#SnapshotDetails:snapshotId=" + encode(job));
            case RDS_SNAPSHOT_FAILED -> base + "rds/home" + query + "#snapshots-list:";
            case RESTORE_WORKFLOW_FAILED, RESTORE_WORKFLOW_TIMED_OUT, RESTORE_WORKFLOW_ABORTED ->
                    base + "states/home" + query + (job.isEmpty() ? "#/statemachines" : "#/v2/executions/details/" + encode(job));
            case DLM_POLICY_ERROR -> base + "ec2/home" + query + "#LifecycleManager:";
            case S3_REPLICATION_FAILED -> "https://s3.console.aws.amazon.com/s3/buckets/"
                    + encode(lastSegment(SAFE_ID.matcher(failure.resource()).matches() ? failure.resource() : "")) + query + "&tab=management";
        };
    }

    /** {@code [Lifeboat] <failure>: <resource>}, ASCII only, cut to fit under 100 characters with the suffix. */
    static String subject(JobEvent failure, String suffix) {
        String prefix = "[Lifeboat] " + kind(failure).title() + ": ";
        int room = MAX_SUBJECT - prefix.length() - suffix.length();
        String resource = ascii(lastSegment(failure.resource()));
        if (resource.length() > room) {
            resource = resource.substring(0, Math.max(room - 3, 0)) + "...";
        }
        return prefix + resource + suffix;
    }

    private static FailureKind kind(JobEvent failure) {
        return failure.failure().orElseThrow(() -> new IllegalArgumentException("not a failure: " + failure.eventId()));
    }

    /** An untrusted value, printable, bounded, with no markup: {@code <} and {@code >} become look-alikes. */
    static String field(String value, int max) {
        return SafeText.bounded(value == null ? "" : value, max).replace('<', '‹').replace('>', '›');
    }

    private static String ascii(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : SafeText.bounded(value, 200).toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f && c != '<' && c != '>' ? c : '?');
        }
        return out.toString().isBlank() ? "unknown resource" : out.toString().trim();
    }

    private static String lastSegment(String arn) {
        String trimmed = arn.endsWith("/") ? arn.substring(0, arn.length() - 1) : arn;
        int cut = trimmed.lastIndexOf('/');
        String tail = cut >= 0 ? trimmed.substring(cut + 1) : trimmed;
        // arn:aws:rds:region:account:db:name → name
        int colon = tail.lastIndexOf(':');
        return colon >= 0 && colon < tail.length() - 1 && tail.startsWith("arn:") ? tail.substring(colon + 1) : tail;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
