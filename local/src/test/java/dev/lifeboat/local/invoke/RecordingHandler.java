package dev.lifeboat.local.invoke;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test handler of SQS events that answers what it was given: records, environment, context. */
public final class RecordingHandler implements RequestHandler<SQSEvent, Map<String, Object>> {

    private final Map<String, String> environment;

    public RecordingHandler(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Map<String, Object> handleRequest(SQSEvent event, Context context) {
        System.out.println("RecordingHandler writes this to stdout");
        context.getLogger().log("RecordingHandler logs this");
        List<Map<String, String>> records = event.getRecords().stream().map(message -> Map.of(
                "messageId", message.getMessageId(),
                "body", message.getBody(),
                "eventSource", message.getEventSource(),
                "eventSourceArn", message.getEventSourceArn(),
                "receiveCount", message.getAttributes().get("ApproximateReceiveCount"))).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("records", records);
        answer.put("environment", environment);
        answer.put("functionName", context.getFunctionName());
        answer.put("memoryLimitInMB", context.getMemoryLimitInMB());
        answer.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        answer.put("classLoader", String.valueOf(getClass().getClassLoader().getName()));
        return answer;
    }
}
