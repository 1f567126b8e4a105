package dev.lifeboat.local.invoke;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A test handler that always fails, as a handler whose dependency is down would. */
public final class FailingHandler implements RequestHandler<Map<String, Object>, String> {

    public FailingHandler(Map<String, String> environment) {
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        throw new IllegalStateException("ledger unavailable");
    }
}
