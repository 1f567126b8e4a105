package dev.lifeboat.failurealert;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Fold state per failure and resource, written with optimistic concurrency. */
public interface FoldStore {

    Optional<FoldState> load(String key);

    /**
     * Stores {@code state} if the stored version is still {@code expectedVersion} (0: nothing stored yet).
     * False when another writer got there first: reload and decide again.
     */
    boolean save(FoldState state, long expectedVersion);

    /** Every state with folded repeats not yet reported whose window ended at or before {@code now}. */
    List<FoldState> dueForSummary(Instant now);
}
