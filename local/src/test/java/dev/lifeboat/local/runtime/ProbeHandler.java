package dev.lifeboat.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handler that answers what the runtime gave it: the event, the context, its environment and
 * where it was loaded from. It uses nothing but the runtime's own classes, so that it runs alone
 * in a task root. {@code {"fail": "…"}} makes it throw.
 */
public final class ProbeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final String constructedBy;

    public ProbeHandler() {
        constructedBy = Thread.currentThread().getName();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (event.containsKey("fail")) {
            throw new IllegalStateException(String.valueOf(event.get("fail")));
        }
        System.out.println("{\"probe\": \"stdout\"}");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("event", event);
        answer.put("requestId", context.getAwsRequestId());
        answer.put("functionName", context.getFunctionName());
        answer.put("invokedFunctionArn", context.getInvokedFunctionArn());
        answer.put("memoryLimitInMB", context.getMemoryLimitInMB());
        answer.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        answer.put("logStreamName", context.getLogStreamName());
        answer.put("workingDirectory", System.getProperty("user.dir"));
        answer.put("classLoader", getClass().getClassLoader().getClass().getName());
        answer.put("constructedBy", constructedBy);
        answer.put("traceHeader", System.getProperty("com.amazonaws.xray.traceHeader"));
        answer.put("environment", new LinkedHashMap<>(System.getenv()));
        return answer;
    }
}
