package dev.lifeboat.rpomonitor;

import dev.lifeboat.shared.event.SafeText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * One alert per RPO problem, folded while it lasts, and one recovery message when it ends. A run
 * claims a message in the fold table before publishing it (a conditional write), so concurrent
 * runs never both send it; a run that dies after its claim leaves it to expire, and a later run
 * sends the message. A resource not seen by a run (its region unreachable, its copies listed by a
 * source that failed) keeps its state: not seen is not recovered.
 */
public final class RpoAlerting {

    private static final Logger LOG = LoggerFactory.getLogger(RpoAlerting.class);
    /** Longer than a run may last (the function's timeout), so a live claim is never taken over. */
    static final Duration CLAIM = Duration.ofMinutes(20);

    /** What the run did about alerts. */
    public record Outcome(int raised, int folded, int cleared, int failed) {
    }

    private final AlertStates states;
    private final AlertSink sink;
    private final RpoAlertText text;

    public RpoAlerting(AlertStates states, AlertSink sink, RpoAlertText text) {
        this.states = states;
        this.sink = sink;
        this.text = text;
    }

    public Outcome apply(List<ResourceReport> reports, Instant now, boolean primaryReachable) {
        Map<String, AlertState> open = states.open();
        int raised = 0;
        int folded = 0;
        int cleared = 0;
        int failed = 0;
        for (ResourceReport report : reports) {
            AlertState state = open.get(report.sourceArn());
            try {
                if (report.status().isProblem()) {
                    switch (problem(report, state, now, primaryReachable)) {
                        case RAISED -> raised++;
                        case FOLDED -> folded++;
                        default -> { }
                    }
                } else if (state != null && recover(report, state, now, primaryReachable)) {
                    cleared++;
                }
            } catch (RuntimeException e) {
                failed++;
                LOG.error("Could not alert on {} ({}): {}; a later run tries again", SafeText.bounded(report.sourceArn(), 300),
                        report.status(), SafeText.bounded(String.valueOf(e.getMessage()), 500), entry("resource", report.sourceArn()));
            }
        }
        return new Outcome(raised, folded, cleared, failed);
    }

    private enum Step { RAISED, FOLDED, NOTHING }

    private Step problem(ResourceReport report, AlertState state, Instant now, boolean primaryReachable) {
        long claimed;
        if (state == null) {
            if (!states.claimNew(report, now, now.plus(CLAIM))) {
                return Step.FOLDED;
            }
            claimed = 1;
        } else if (state.alertedAt().isEmpty() && !state.claimedAt(now)) {
            if (!states.takeOver(state, now, now.plus(CLAIM))) {
                return Step.FOLDED;
            }
            claimed = state.version() + 1;
        } else {
            states.fold(state, now);
            return Step.FOLDED;
        }
        RpoAlertText.Message message = text.alert(report, now, primaryReachable);
        sink.publish(message.subject(), message.body());
        states.alerted(report.sourceArn(), claimed, now);
        LOG.warn("RPO alert sent for {}: {}", SafeText.bounded(report.sourceArn(), 300), report.problem().orElse(report.status().name()),
                entry("resource", report.sourceArn()), entry("status", report.status().name()));
        return Step.RAISED;
    }

    private boolean recover(ResourceReport report, AlertState state, Instant now, boolean primaryReachable) {
        if (state.alertedAt().isEmpty()) {
            // claimed but never alerted, and fine now: nobody was told, so nobody is told it is over
            if (!state.claimedAt(now)) {
                states.close(report.sourceArn(), state.version());
            }
            return false;
        }
        if (state.claimedAt(now) || !states.claimRecovery(state, now, now.plus(CLAIM))) {
            return false;
        }
        RpoAlertText.Message message = text.recovery(report, state, now, primaryReachable);
        sink.publish(message.subject(), message.body());
        states.close(report.sourceArn(), state.version() + 1);
        LOG.info("RPO recovery sent for {}", SafeText.bounded(report.sourceArn(), 300), entry("resource", report.sourceArn()));
        return true;
    }
}
