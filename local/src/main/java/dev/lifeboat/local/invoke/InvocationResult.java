package dev.lifeboat.local.invoke;

import java.util.Arrays;
import java.util.List;

/** How an invocation ended: the handler's result as JSON, or the error it raised, as Lambda reports it. */
public sealed interface InvocationResult {

    /** The handler returned; {@code json} is its result serialized the way the Lambda runtime does. */
    record Success(String json) implements InvocationResult {
    }

    /** The handler (or its initialisation, or the event's deserialization) threw {@code cause}. */
    record Failure(String errorType, String errorMessage, List<String> stackTrace, Throwable cause) implements InvocationResult {

        static Failure of(Throwable cause) {
            return new Failure(cause.getClass().getName(), String.valueOf(cause.getMessage()),
                    Arrays.stream(cause.getStackTrace()).map(StackTraceElement::toString).toList(), cause);
        }
    }
}
