package dev.lifeboat.retention;

import java.util.Map;

/**
 * The retention schedule's input (EventBridge Scheduler sends it as the event):
 * {@code {"dryRun": false}}. An empty input or {@code {}} is a real run. Unknown fields are
 * rejected: a misspelt {@code dryRun} must not turn a dry run into a real one.
 */
public record RetentionRequest(boolean dryRun) {

    /** Reads the event as the Lambda runtime deserialized it (a map for a JSON object, null for an empty input). */
    public static RetentionRequest parse(Object event) {
        if (event == null) {
            return new RetentionRequest(false);
        }
        if (!(event instanceof Map<?, ?> fields)) {
            throw new InvalidRetentionRequestException("", "the input must be a JSON object such as {\"dryRun\": true}, or empty; got "
                    + kind(event));
        }
        boolean dryRun = false;
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            String name = String.valueOf(field.getKey());
            if (!name.equals("dryRun")) {
                throw new InvalidRetentionRequestException(bounded(name), "unknown field: the only field is dryRun (true or false)");
            }
            Object value = field.getValue();
            if (value instanceof Boolean flag) {
                dryRun = flag;
            } else if (value instanceof String text && (text.trim().equalsIgnoreCase("true") || text.trim().equalsIgnoreCase("false"))) {
                dryRun = Boolean.parseBoolean(text.trim());
            } else if (value != null) {
                throw new InvalidRetentionRequestException("dryRun", "expected true or false, got " + kind(value));
            }
        }
        return new RetentionRequest(dryRun);
    }

    private static String kind(Object value) {
        return switch (value) {
            case String text -> "the string '" + bounded(text) + "'";
            case Number number -> "the number " + number;
            case java.util.List<?> list -> "a list";
            default -> value.getClass().getSimpleName();
        };
    }

    private static String bounded(String text) {
        return dev.lifeboat.shared.event.SafeText.bounded(text, 40);
    }
}
