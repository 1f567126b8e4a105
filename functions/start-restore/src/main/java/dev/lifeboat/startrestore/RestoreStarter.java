package dev.lifeboat.startrestore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.restore.InvalidRestoreRequestException;
import dev.lifeboat.shared.restore.RestoreRequest;

/**
 * Turns a {@code Restore Requested} event (source {@code lifeboat}) into one execution of the
 * restore workflow. The event's detail is the workflow input, exactly as an operator would paste
 * it in the console; the execution is named after its {@code requestId} (or, without one, the
 * event's id, which EventBridge keeps across redeliveries), so a repeated request starts nothing new.
 */
public final class RestoreStarter {

    public static final String SOURCE = "lifeboat";
    public static final String DETAIL_TYPE = "Restore Requested";

    private final RestoreExecutions executions;

    public RestoreStarter(RestoreExecutions executions) {
        this.executions = executions;
    }

    /** The answer: {@code {"executionArn", "executionName", "started"}}; an unusable event throws, naming the field. */
    public ObjectNode start(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidRestoreRequestException("", "the event must be a JSON object (an EventBridge event)");
        }
        if (!SOURCE.equals(event.path("source").asText()) || !DETAIL_TYPE.equals(event.path("detail-type").asText())) {
            throw new InvalidRestoreRequestException(event.path("source").asText().equals(SOURCE) ? "detail-type" : "source",
                    "this function takes '" + DETAIL_TYPE + "' events from source '" + SOURCE + "'");
        }
        JsonNode detail = event.get("detail");
        RestoreRequest request;
        try {
            request = RestoreRequest.parse(detail);
        } catch (InvalidRestoreRequestException e) {
            throw new InvalidRestoreRequestException(e.field().isEmpty() ? "detail" : "detail." + e.field(),
                    e.getMessage().replaceFirst("^field '[^']*': ", ""));
        }
        String name = request.requestId().orElseGet(() -> executionName(event.path("id").asText("")));
        if (name.isEmpty()) {
            throw new InvalidRestoreRequestException("detail.requestId", "is required when the event has no id");
        }
        RestoreExecutions.Started started = executions.start(name, detail.toString());
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("executionArn", started.executionArn());
        answer.put("executionName", name);
        answer.put("started", started.started());
        return answer;
    }

    /** An execution name from an event id: the characters Step Functions allows, at most 80. */
    static String executionName(String eventId) {
        String name = eventId.replaceAll("[^A-Za-z0-9_-]", "-");
        return name.length() > 80 ? name.substring(0, 80) : name;
    }
}
