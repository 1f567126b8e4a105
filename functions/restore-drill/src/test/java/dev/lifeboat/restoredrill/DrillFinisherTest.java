package dev.lifeboat.restoredrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The finish's rules where the emulator cannot take us: a restored resource that cannot be deleted
 * yet, and a repeat of a finish whose alert was lost. The ports are in-memory stand-ins of
 * Lifeboat's own interfaces (no SDK client is faked).
 */
class DrillFinisherTest {

    private static final String NAME = "drill-20250311-3f2a9c1b0d4e";
    private static final String ARN = "arn:aws:states:us-west-2:111122223333:execution:lifeboat-restore:" + NAME;
    private static final DrillEvent.ExecutionEnded ENDED = new DrillEvent.ExecutionEnded(ARN, NAME, "SUCCEEDED");

    private final Deque<Cleanup> cleanups = new ArrayDeque<>();
    private final InMemoryRecords records = new InMemoryRecords();
    private final List<String> alerts = new ArrayList<>();
    private final DrillFinisher finisher = new DrillFinisher(new EndedExecution("SUCCEEDED"), name -> cleanups.removeFirst(), records,
            (subject, message) -> alerts.add(message));

    @Test
    void aResourceNotYetDeletableIsRetriedUntilItIsGoneAndTheDrillIsReportedOnce() {
        // GIVEN a succeeded drill whose Aurora cluster waits for its instance to be deleted, then is deleted
        cleanups.add(new Cleanup(List.of("DB instance drill-1"), List.of("DB cluster drill (InvalidDBClusterStateFault)"), List.of()));
        cleanups.add(new Cleanup(List.of("DB cluster drill"), List.of(), List.of()));

        // WHEN the event arrives, fails for a retry, and arrives again
        assertThatThrownBy(() -> finisher.finish(ENDED)).isInstanceOf(DrillFinisher.CleanupPendingException.class)
                .hasMessageContaining("DB cluster drill");
        boolean recordedDirtyFirst = !records.items.get(NAME).cleanedUp;
        Optional<DrillFinisher.Finished> retried = finisher.finish(ENDED);

        // THEN the drill was recorded at once (not cleaned up), and the retry marked it cleaned up without reporting it again
        assertThat(recordedDirtyFirst).isTrue();
        assertThat(retried).hasValueSatisfying(finished -> assertThat(finished.firstFinish()).isFalse());
        assertThat(records.items.get(NAME).cleanedUp).isTrue();
        assertThat(records.finishes).isEqualTo(1);
        assertThat(alerts).isEmpty();
    }

    @Test
    void aResourceThatCannotBeDeletedIsAlertedEvenWhenTheDrillSucceeded() {
        cleanups.add(new Cleanup(List.of(), List.of(), List.of("volume vol-1 (UnauthorizedOperation: not allowed)")));

        Optional<DrillFinisher.Finished> finished = finisher.finish(ENDED);

        assertThat(finished).hasValueSatisfying(f -> assertThat(f.record().cleanedUp()).isFalse());
        assertThat(alerts).singleElement().asString().contains("LEFT RESOURCES BEHIND", "COULD NOT DELETE", "vol-1");
    }

    @Test
    void aRepeatAlertsWhenTheFirstFinishRecordedButLostItsAlert() {
        // GIVEN a failed drill already recorded as finished, with no alert sent (the first attempt died before it)
        DrillFinisher failed = new DrillFinisher(new EndedExecution("FAILED"), name -> new Cleanup(List.of(), List.of(), List.of()), records,
                (subject, message) -> alerts.add(message));
        records.items.put(NAME, new Item("gold", true, false, true));

        // WHEN its event arrives again
        failed.finish(new DrillEvent.ExecutionEnded(ARN, NAME, "FAILED"));

        // THEN the alert goes out now
        assertThat(alerts).singleElement().asString().contains("FAILED", "policy gold");
        assertThat(records.items.get(NAME).alerted).isTrue();
    }

    @Test
    void anOperatorsRestoreIsNoDrill() {
        assertThat(finisher.finish(new DrillEvent.ExecutionEnded(ARN.replace(NAME, "orders-db-restore"), "orders-db-restore", "FAILED")))
                .isEmpty();
    }

    private record EndedExecution(String status) implements DrillExecutions {
        @Override
        public int runningDrills() {
            return 0;
        }

        @Override
        public Started start(String name, String input) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Described describe(String executionArn) {
            return new Described(executionArn, NAME, status, Instant.parse("2025-03-11T04:00:00Z"), Optional.of(Instant.parse("2025-03-11T04:07:30.250Z")),
                    "{\"resourceType\":\"aurora-cluster\",\"sourceResource\":\"payments\",\"recoveryPoint\":\"payments-copy\"}", Optional.empty(),
                    status.equals("FAILED") ? Optional.of("Lifeboat.ValidationFailed") : Optional.empty(), Optional.of("tcp failed"));
        }
    }

    private static final class Item {
        String policy;
        boolean finished;
        boolean alerted;
        boolean cleanedUp;

        Item(String policy, boolean finished, boolean alerted, boolean cleanedUp) {
            this.policy = policy;
            this.finished = finished;
            this.alerted = alerted;
            this.cleanedUp = cleanedUp;
        }
    }

    private static final class InMemoryRecords implements DrillRecords {
        final Map<String, Item> items = new HashMap<>();
        int finishes;

        @Override
        public void started(DrillRecord record) {
            items.putIfAbsent(record.drillId(), new Item(record.policy(), false, false, false));
        }

        @Override
        public boolean finished(DrillRecord record) {
            Item item = items.computeIfAbsent(record.drillId(), id -> new Item(record.policy(), false, false, false));
            if (item.finished) {
                return false;
            }
            item.finished = true;
            item.cleanedUp = record.cleanedUp();
            finishes++;
            return true;
        }

        @Override
        public void cleanedUp(String drillId) {
            items.get(drillId).cleanedUp = true;
        }

        @Override
        public void alerted(String drillId) {
            items.get(drillId).alerted = true;
        }

        @Override
        public Optional<Stored> find(String drillId) {
            return Optional.ofNullable(items.get(drillId)).map(item -> new Stored(Optional.of(item.policy), item.finished, item.alerted));
        }
    }
}
