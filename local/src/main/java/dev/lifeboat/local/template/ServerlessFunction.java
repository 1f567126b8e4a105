package dev.lifeboat.local.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code AWS::Serverless::Function} with {@code Globals.Function} applied the way SAM applies
 * it: the function's own properties win, and environment variables are merged, the function's
 * over the global ones. Values are unevaluated.
 */
public record ServerlessFunction(String logicalId, Optional<String> condition, Map<String, Object> properties) {

    public static final String TYPE = "AWS::Serverless::Function";

    /** One entry of the function's {@code Events}: what triggers it. */
    public record EventSource(String name, String type, Map<String, Object> properties) {
    }

    static ServerlessFunction of(Template.Resource resource, Map<String, Object> globals) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        merged.putAll(resource.properties());
        Map<String, Object> variables = new LinkedHashMap<>(variables(globals));
        variables.putAll(variables(resource.properties()));
        merged.put("Environment", Map.of("Variables", variables));
        return new ServerlessFunction(resource.logicalId(), resource.condition(), merged);
    }

    /** {@code package.Class::method}. */
    public String handler() {
        return text("Handler");
    }

    /** The deployable jar, relative to the template's folder. */
    public String codeUri() {
        return text("CodeUri");
    }

    /** Globals and own environment variables, unevaluated. */
    public Map<String, Object> environment() {
        return variables(properties);
    }

    public Map<String, EventSource> events() {
        Map<String, EventSource> sources = new LinkedHashMap<>();
        Template.asMap(properties.get("Events"), logicalId + ".Events").forEach((name, definition) -> {
            Map<String, Object> fields = Template.asMap(definition, logicalId + ".Events." + name);
            sources.put(name, new EventSource(name, String.valueOf(fields.get("Type")),
                    Template.asMap(fields.get("Properties"), logicalId + ".Events." + name + ".Properties")));
        });
        return sources;
    }

    /** The first event source of this type ({@code SQS}, {@code Schedule} …), if any. */
    public Optional<EventSource> eventSource(String type) {
        return events().values().stream().filter(source -> source.type().equals(type)).findFirst();
    }

    private String text(String property) {
        Object value = properties.get(property);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(logicalId + " needs " + property + " as plain text, but it is " + value);
        }
        return text;
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        Map<String, Object> environment = Template.asMap(properties.get("Environment"), "Environment");
        return Template.asMap(environment.get("Variables"), "Environment.Variables");
    }
}
