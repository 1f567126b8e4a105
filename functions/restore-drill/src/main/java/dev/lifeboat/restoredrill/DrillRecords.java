package dev.lifeboat.restoredrill;

import java.util.Optional;

/** The drill table. Writes are conditional, so a repeated event records nothing twice. */
public interface DrillRecords {

    /** What is stored about a drill, for a finish that may repeat an earlier one. */
    record Stored(Optional<String> policy, boolean finished, boolean alerted) {
    }

    /** Records a drill that started (as {@code RUNNING}); a record that exists is left as it is. */
    void started(DrillRecord record);

    /**
     * Records how the drill ended. Answers {@code true} for the first finish of the drill, {@code false}
     * when it was already recorded as finished (a repeated event), in which case nothing changes.
     */
    boolean finished(DrillRecord record);

    /** Marks the drill's cleanup done (after a finish whose cleanup had to be retried). */
    void cleanedUp(String drillId);

    /** Notes that the drill's alert was sent. */
    void alerted(String drillId);

    Optional<Stored> find(String drillId);
}
