package dev.lifeboat.local.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a drill did and found: the DR report's content. */
public record DrillResult(int days, String primaryRegion, String recoveryRegion, Instant disaster, String injectedFailure,
                         List<ProtectedResource> resources, List<ScheduledStep> steps, List<Restore> restores,
                         List<Alert> alerts, int deliveries, List<LocalEventBus.Delivery> failedDeliveries,
                         List<Path> reportFiles, Duration wallTime) {

    /** A protected resource at the moment of the disaster: its copies in the recovery region and the RPO they achieve. */
    public record ProtectedResource(DemoEstate.Resource resource, int copies, Optional<Instant> newestCopy, double rpoHours) {

        /** The age of the newest copy at {@code disaster}, in hours. */
        public Optional<Double> ageHours(Instant disaster) {
            return newestCopy.map(newest -> Duration.between(newest, disaster).toSeconds() / 3600.0);
        }

        public boolean withinRpo(Instant disaster) {
            return ageHours(disaster).map(age -> age <= rpoHours).orElse(false);
        }
    }

    /** A scheduled recovery-stack function the drill runs by its logical id; {@code available} is whether the template has it yet. */
    public record ScheduledStep(String functionId, String purpose, boolean available, boolean succeeded, String result) {
    }

    /** One restore through the state machine: validated when the execution succeeded; its RTO is the execution's measured duration. */
    public record Restore(DemoEstate.Resource resource, String execution, String status, boolean validated, Duration rto,
                          String restoredResource, String problem) {
    }

    /** A message that reached an alert topic. */
    public record Alert(String region, String subject, String message) {
    }

    /** Whether every restore validated. */
    public boolean restoresValidated() {
        return !restores.isEmpty() && restores.stream().allMatch(Restore::validated);
    }

    /** Whether every scheduled step that exists in the template succeeded. */
    public boolean stepsSucceeded() {
        return steps.stream().filter(ScheduledStep::available).allMatch(ScheduledStep::succeeded);
    }

    /**
     * The drill passed: every restore validated, every available scheduled function succeeded, and every
     * event reached its function and was handled (a lost event is what Lifeboat exists to prevent).
     */
    public boolean passed() {
        return restoresValidated() && stepsSucceeded() && failedDeliveries().isEmpty();
    }
}
