package dev.lifeboat.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A handler whose no-arg constructor throws, as one does when a required variable is missing. */
public final class BrokenConstructorHandler implements RequestHandler<Map<String, Object>, String> {

    public BrokenConstructorHandler() {
        throw new IllegalStateException("environment variable LEDGER_TABLE is not set");
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "unreachable";
    }
}
