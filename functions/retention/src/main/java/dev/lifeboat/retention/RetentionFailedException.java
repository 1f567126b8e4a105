package dev.lifeboat.retention;

/**
 * Raised at the end of a run in which something failed (a deletion, a listing, the restore
 * lookup), after everything else was done: the invocation fails, so the schedule's retry, its
 * dead-letter queue and the function's error alarm see it.
 */
public final class RetentionFailedException extends RuntimeException {

    public RetentionFailedException(String message) {
        super(message);
    }
}
