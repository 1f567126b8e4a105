package dev.lifeboat.restoredrill;

/** Deletes what a restore workflow execution created, found by the tag it puts on everything it restores. */
public interface RestoredResourceCleaner {

    /**
     * Deletes every resource tagged {@code lifeboat:restored-by=<executionName>}. Idempotent: what
     * is already gone, or being deleted, counts as deleted.
     */
    Cleanup cleanUp(String executionName);
}
