package dev.lifeboat.copysnapshot;

/**
 * Puts a copy request back on the copy queue to be tried again later. A deferred request goes
 * back as a new message, so waiting for a free slot never counts against the queue's
 * {@code maxReceiveCount}: only real failures walk a request towards the dead-letter queue.
 */
public interface CopyDeferral {

    /** Sends {@code body} again, to be delivered after a delay that grows with {@code deferrals} (its count so far). */
    void defer(String body, int deferrals);
}
