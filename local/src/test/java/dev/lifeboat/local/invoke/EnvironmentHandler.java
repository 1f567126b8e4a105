package dev.lifeboat.local.invoke;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A test handler that answers the environment it was constructed with. */
public final class EnvironmentHandler implements RequestHandler<Map<String, Object>, Map<String, String>> {

    private final Map<String, String> environment;

    public EnvironmentHandler(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Map<String, String> handleRequest(Map<String, Object> event, Context context) {
        return environment;
    }
}
