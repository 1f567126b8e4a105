package dev.lifeboat.failurealert;

/** What the alert function did with one failure. */
public sealed interface AlertOutcome {

    /** A message went out; it reports {@code foldedRepeats} repeats that came before it. */
    record Sent(AlertMessage message, long foldedRepeats) implements AlertOutcome {
    }

    /** A repeat within the window: counted, to be reported by the next message. */
    record Folded(long pendingRepeats) implements AlertOutcome {
    }

    /** The same event again (EventBridge delivers at least once): nothing to do. */
    record Duplicate() implements AlertOutcome {
    }
}
