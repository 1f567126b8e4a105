package dev.lifeboat.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * A handler that does nothing: alone in its task root under the Runtime Interface Client, it
 * measures the floor of a Java cold start (the JVM, the client, the event's deserialization), the
 * part no function can go below.
 */
public final class NoOpHandler implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "ok";
    }
}
