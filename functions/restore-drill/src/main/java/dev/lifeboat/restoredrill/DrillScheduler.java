package dev.lifeboat.restoredrill;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.PolicyCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled half of a drill: chooses today's drills ({@link DrillPlanner}) within the free
 * drill slots, starts an execution of the restore workflow for each, and records it as running.
 * A policy that asks for drills but cannot have them (no isolated subnet group, say) is alerted.
 */
public final class DrillScheduler {

    /** What one scheduled run did. */
    public record Started(List<PlannedDrill> started, List<PlannedDrill> alreadyStarted, List<String> deferred, List<String> skipped,
                          List<String> problems, List<String> failedToStart) {
    }

    /** Some drills could not be started for a reason a retry may cure (throttling, a service error): the schedule retries. */
    public static final class StartFailedException extends RuntimeException {
        public StartFailedException(String message) {
            super(message);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DrillScheduler.class);

    private final PolicyCatalog policies;
    private final RecoveryCopies copies;
    private final DrillExecutions executions;
    private final DrillRecords records;
    private final DrillAlerts alerts;
    private final DrillPlanner planner;
    private final int maxConcurrent;
    private final Clock clock;

    public DrillScheduler(PolicyCatalog policies, RecoveryCopies copies, DrillExecutions executions, DrillRecords records, DrillAlerts alerts,
                          DrillPlanner planner, int maxConcurrent, Clock clock) {
        this.policies = policies;
        this.copies = copies;
        this.executions = executions;
        this.records = records;
        this.alerts = alerts;
        this.planner = planner;
        this.maxConcurrent = maxConcurrent;
        this.clock = clock;
    }

    public Started startDrills() {
        int running = executions.runningDrills();
        int slots = Math.max(0, maxConcurrent - running);
        DrillPlanner.Plan plan = planner.plan(policies.policies(), copies.all(), clock.instant(), slots);
        List<PlannedDrill> started = new ArrayList<>();
        List<PlannedDrill> already = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (PlannedDrill drill : plan.drills()) {
            try {
                DrillExecutions.Started execution = executions.start(drill.drillId(), drill.request());
                records.started(new DrillRecord(drill.drillId(), drill.copy().sourceResource(), drill.copy().kind().wireName(), drill.policy(),
                        drill.copy().id(), execution.startDate(), Optional.empty(), DrillRecord.RUNNING, Optional.empty(), "", false));
                (execution.isNew() ? started : already).add(drill);
            } catch (RuntimeException e) {
                LOG.error("Drill {} of {} could not start: {}", drill.drillId(), SafeText.bounded(drill.copy().sourceResource(), 200),
                        SafeText.bounded(e.toString(), 300));
                failed.add(drill.drillId() + ": " + SafeText.bounded(e.toString(), 300));
            }
        }
        if (!plan.problems().isEmpty()) {
            alerts.send("Lifeboat restore drills cannot run for " + plan.problems().size() + " resource(s)",
                    "Lifeboat's scheduled restore drills skipped resources whose policy asks for drills but cannot have them:\n\n- "
                            + String.join("\n- ", plan.problems())
                            + "\n\nWhat to do: give the policy's \"drills\" an isolated DB subnet group (subnetGroup) and security groups "
                            + "(securityGroups) in the recovery region, in the policy document (SSM parameter), or set \"enabled\": false.");
        }
        if (running >= maxConcurrent && !plan.deferred().isEmpty()) {
            LOG.info("{} drill(s) running already (at most {} at once): none started", running, maxConcurrent);
        }
        Started result = new Started(started, already, plan.deferred(), plan.skipped(), plan.problems(), failed);
        if (!failed.isEmpty()) {
            throw new StartFailedException(failed.size() + " drill(s) could not start (" + started.size() + " started): "
                    + String.join("; ", failed));
        }
        return result;
    }
}
