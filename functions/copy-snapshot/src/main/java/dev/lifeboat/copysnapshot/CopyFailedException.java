package dev.lifeboat.copysnapshot;

/**
 * A copy that did not start. {@code retryable} says whether a later delivery can succeed as it is
 * (throttling, copy limits, a service fault) or needs a person (a missing key, a bad policy).
 * Either way the record goes back to the queue, and after its last delivery to the dead-letter queue.
 */
public final class CopyFailedException extends RuntimeException {

    private final boolean retryable;

    public CopyFailedException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
