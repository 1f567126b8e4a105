package dev.lifeboat.shared.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.lifeboat.shared.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The EventBridge envelope every AWS event arrives in. {@link #parse(String)} checks the fields
 * Lifeboat relies on and names the first one that is missing or malformed.
 */
public record EventEnvelope(
        String id,
        String detailType,
        String source,
        String account,
        Instant time,
        String region,
        List<String> resources,
        JsonNode detail) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /** One event per record: text after the event's JSON is a malformed record, not a second event to ignore. */
    private static final ObjectReader STRICT = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Parses an EventBridge event from its JSON text. */
    public static EventEnvelope parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("", "the event is empty");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("", "the event is not JSON (" + SafeText.bounded(e.getOriginalMessage(), 120) + ")");
        }
        return fromJson(root);
    }

    /** Reads an envelope from an already parsed JSON tree. */
    public static EventEnvelope fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("", "the event is not a JSON object");
        }
        String region = requiredText(root, "region");
        if (!REGION.matcher(region).matches()) {
            throw new InvalidEventException("region", "not an AWS region: '" + SafeText.bounded(region, 40) + "'");
        }
        String account = requiredText(root, "account");
        if (!ACCOUNT.matcher(account).matches()) {
            throw new InvalidEventException("account", "not a 12-digit AWS account id: '" + SafeText.bounded(account, 40) + "'");
        }
        JsonNode detail = root.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new InvalidEventException("detail", detail == null ? "missing" : "not a JSON object");
        }
        return new EventEnvelope(
                requiredText(root, "id"),
                requiredText(root, "detail-type"),
                requiredText(root, "source"),
                account,
                requiredInstant(root, "time"),
                region,
                resources(root),
                detail);
    }

    /** A required string field of {@code node}; {@code path} names it in errors. */
    public static String requiredText(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidEventException(path, "missing");
        }
        if (value.getNodeType() != JsonNodeType.STRING) {
            throw new InvalidEventException(path, "expected a string, got " + value.getNodeType().name().toLowerCase());
        }
        if (value.asText().isBlank()) {
            throw new InvalidEventException(path, "empty");
        }
        return value.asText();
    }

    /** An optional string field: empty when absent or not a string. */
    public static String optionalText(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    private static String requiredText(JsonNode node, String name) {
        return requiredText(node, name, name);
    }

    private static Instant requiredInstant(JsonNode node, String name) {
        String text = requiredText(node, name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(name, "not an ISO-8601 instant: '" + SafeText.bounded(text, 40) + "'");
        }
    }

    private static List<String> resources(JsonNode root) {
        JsonNode node = root.get("resources");
        List<String> resources = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(item -> {
                if (item.isTextual()) {
                    resources.add(item.asText());
                }
            });
        }
        return List.copyOf(resources);
    }
}
