package dev.lifeboat.startrestore;

/** Starts executions of the restore workflow. */
public interface RestoreExecutions {

    /** The execution named {@code name} with {@code input}: started now, or the one that already has that name. */
    Started start(String name, String input);

    /** @param started false when an execution of that name existed already, so nothing new started */
    record Started(String executionArn, boolean started) {
    }
}
