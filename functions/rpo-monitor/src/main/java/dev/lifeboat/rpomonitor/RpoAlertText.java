package dev.lifeboat.rpomonitor;

import dev.lifeboat.shared.event.SafeText;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The messages an on-call person reads: a subject under 100 ASCII characters naming the problem
 * and the resource, and a body with the resource, its policy and RPO, the newest copy and its age,
 * and what to do. The README's "RPO monitor alerts" table says the same.
 */
public final class RpoAlertText {

    static final int MAX_SUBJECT = 99;
    private static final int MAX_FIELD = 400;

    /** A subject and a body. */
    public record Message(String subject, String body) {
    }

    private final String recoveryRegion;
    private final String policyParameter;

    public RpoAlertText(String recoveryRegion, String policyParameter) {
        this.recoveryRegion = recoveryRegion;
        this.policyParameter = policyParameter == null || policyParameter.isBlank() ? "the policy document" : policyParameter;
    }

    /** The alert for a resource whose problem has just opened. */
    public Message alert(ResourceReport report, Instant checkedAt, boolean primaryReachable) {
        StringBuilder body = new StringBuilder();
        String title;
        if (report.status() == RpoStatus.NO_COPY) {
            title = "No recovery copy";
            body.append("Protected resource ").append(field(report.sourceArn())).append(" has no completed copy in the recovery region ")
                    .append(recoveryRegion).append(": it cannot be restored there if its region is lost.\n\n");
        } else if (report.policyUnknown()) {
            title = "RPO unknown";
            body.append("The RPO of ").append(field(report.sourceArn())).append(" cannot be checked: ")
                    .append(field(report.problem().orElse("its policy is unknown"))).append(".\n\n");
        } else {
            title = "RPO breached";
            body.append("The newest recovery-region copy of ").append(field(report.sourceArn())).append(" is ")
                    .append(RpoEvaluation.hours(report.ageHours().orElse(0.0))).append(" old: older than its RPO of ")
                    .append(RpoEvaluation.hours(report.rpoHours().orElse(0.0))).append(".\n\n");
        }
        details(body, report, checkedAt, primaryReachable);
        body.append("\nWhat to do: ").append(nextStep(report)).append('\n');
        body.append("\nThis alert is sent once while the problem lasts (the monitor checks every hour); a recovery message follows"
                + " when the resource has a copy within its RPO in ").append(recoveryRegion).append(".\n");
        return message(subject(title, report.sourceArn()), body);
    }

    /** The message that closes a problem: the resource has a copy within its RPO again. */
    public Message recovery(ResourceReport report, AlertState state, Instant checkedAt, boolean primaryReachable) {
        StringBuilder body = new StringBuilder();
        body.append("The RPO problem of ").append(field(report.sourceArn())).append(" is over: its newest recovery-region copy is ")
                .append(RpoEvaluation.hours(report.ageHours().orElse(0.0))).append(" old, within its RPO of ")
                .append(RpoEvaluation.hours(report.rpoHours().orElse(0.0))).append(".\n\n");
        details(body, report, checkedAt, primaryReachable);
        Duration lasted = Duration.between(state.openedAt(), checkedAt);
        body.append("Problem: ").append(state.status() == RpoStatus.NO_COPY ? "no recovery copy" : "RPO breached")
                .append(", first seen ").append(state.openedAt().truncatedTo(ChronoUnit.SECONDS))
                .append(state.alertedAt().map(at -> ", alerted " + at.truncatedTo(ChronoUnit.SECONDS)).orElse(""))
                .append(", lasted ").append(RpoEvaluation.hours(RpoEvaluation.round(lasted.toSeconds() / 3600.0)))
                .append(" over ").append(state.checks()).append(state.checks() == 1 ? " check" : " checks").append(".\n");
        body.append("\nNothing to do. If the cause is known, note it in the incident record.\n");
        return message(subject("RPO recovered", report.sourceArn()), body);
    }

    private void details(StringBuilder body, ResourceReport report, Instant checkedAt, boolean primaryReachable) {
        line(body, "Resource", report.sourceArn());
        line(body, "Resource type", report.resourceType());
        line(body, "Source region", report.sourceRegion().isEmpty() ? "unknown" : report.sourceRegion());
        line(body, "Policy", report.policy() + " (from the " + switch (report.policySource()) {
            case RpoEvaluation.FROM_PRIMARY_TAG -> "resource's lifeboat:policy tag";
            case RpoEvaluation.FROM_COPY_TAG -> "newest copy's lifeboat:policy tag";
            default -> "default policy: nothing names another";
        } + ")");
        line(body, "RPO", report.rpoHours().map(RpoEvaluation::hours).orElse("unknown: " + report.problem().orElse("the policy is unknown")));
        if (report.newestCopyId().isPresent()) {
            line(body, "Newest completed copy", report.newestCopyId().get() + " (" + report.newestCopyType().orElse("") + ") in " + recoveryRegion);
            line(body, "Recovery point time", report.newestCopyTime().map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("unknown"));
            line(body, "Age", RpoEvaluation.hours(report.ageHours().orElse(0.0))
                    + report.rpoHours().filter(rpo -> report.ageHours().orElse(0.0) > rpo)
                            .map(rpo -> " (" + RpoEvaluation.hours(RpoEvaluation.round(report.ageHours().orElse(0.0) - rpo)) + " over the RPO)")
                            .orElse(""));
        } else {
            line(body, "Newest completed copy", "none in " + recoveryRegion);
        }
        line(body, "Copies in " + recoveryRegion, report.completedCopies() + " completed, " + report.copiesInProgress() + " in progress");
        line(body, "Checked at", checkedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        if (!primaryReachable) {
            line(body, "Primary region", "did not answer this check: only the recovery region's copies were seen");
        }
    }

    /** What a person should do; the README's alert table says the same. */
    String nextStep(ResourceReport report) {
        if (report.policyUnknown()) {
            return "Define policy '" + field(report.policy()) + "' in " + policyParameter + " (SSM parameter, JSON), or correct the"
                    + " resource's lifeboat:policy tag to a policy that exists. Until then no RPO applies and the resource stays in breach.";
        }
        String region = report.sourceRegion().isEmpty() ? "its region" : report.sourceRegion();
        if (report.status() == RpoStatus.NO_COPY) {
            return "Check that the resource is backed up at all in " + region + " (an AWS Backup plan that selects it, a DLM policy,"
                    + " RDS snapshots) and that its backups are copied: look for 'Lifeboat copy failed' alerts, the copy dead-letter"
                    + " queue (CopyDeadLetterAlarm) and the copy function's log for its snapshots. For a new resource, take an on-demand"
                    + " backup now rather than waiting for the schedule; its copy reaching " + recoveryRegion + " closes this alert.";
        }
        return "Check that backups of the resource are still taken in " + region + " (AWS Backup jobs, DLM policy, RDS snapshots) and"
                + " that they reach " + recoveryRegion + ": look for 'Lifeboat copy failed' alerts, the copy dead-letter queue and"
                + " the copy function's log. Take an on-demand backup; when its copy completes in " + recoveryRegion + " this clears."
                + " If the resource was deleted on purpose, its remaining copies keep this alert open until they are deleted or"
                + " their lifeboat:managed tag is removed.";
    }

    /** The subject leads the body too: subscribers without subjects (SMS, chat, raw SQS delivery) still read it. */
    private static Message message(String subject, StringBuilder body) {
        return new Message(subject, subject + "\n\n" + body);
    }

    private static String subject(String title, String resource) {
        String prefix = "[Lifeboat] " + title + ": ";
        String ascii = resource.replaceAll("[^\\x20-\\x7E]", "?");
        int room = MAX_SUBJECT - prefix.length();
        // keep the end of a long ARN: the resource id is there
        return prefix + (ascii.length() <= room ? ascii : "..." + ascii.substring(ascii.length() - (room - 3)));
    }

    private static void line(StringBuilder body, String name, String value) {
        body.append(name).append(": ").append(field(value)).append('\n');
    }

    private static String field(String value) {
        return SafeText.bounded(value == null ? "" : value, MAX_FIELD);
    }
}
