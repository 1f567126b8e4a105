package dev.lifeboat.restoredrill;

import java.time.Instant;
import java.util.Optional;

/** Executions of the restore workflow that drills start and read. */
public interface DrillExecutions {

    /** An execution started, or found already started under that name. */
    record Started(String executionArn, Instant startDate, boolean isNew) {
    }

    /** An execution as Step Functions describes it. */
    record Described(String executionArn, String name, String status, Instant startDate, Optional<Instant> stopDate, String input,
                     Optional<String> output, Optional<String> error, Optional<String> cause) {
    }

    /** Drill executions running now. */
    int runningDrills();

    /** Starts an execution named {@code name}; one of that name that already exists is answered, not started again. */
    Started start(String name, String input);

    Described describe(String executionArn);
}
