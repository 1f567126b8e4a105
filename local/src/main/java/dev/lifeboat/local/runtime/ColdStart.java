package dev.lifeboat.local.runtime;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * One cold start, measured as Lambda's {@code REPORT} line reports it: {@code Init Duration} (the
 * process's start until the runtime asks for work), {@code Duration} of the first invocation, and
 * {@code Max Memory Used} (the peak resident set size after it), with what the function answered.
 */
public record ColdStart(Duration init, Duration firstInvoke, OptionalLong peakRssBytes, ExecutionEnvironment.Invoked invoked) {

    /** Init and first invoke together: what the first caller waits. */
    public Duration total() {
        return init.plus(firstInvoke);
    }

    /** The handler's result; fails, with the error and the log, when the handler threw. */
    public String response() {
        return invoked.response();
    }

    public String log() {
        return invoked.log();
    }
}
