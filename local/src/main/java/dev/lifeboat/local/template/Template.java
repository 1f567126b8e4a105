package dev.lifeboat.local.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * A SAM template as written: parameters, conditions, Globals and resources, with every
 * short-form tag turned into its long form ({@code !Ref X} is {@code {"Ref": "X"}}). Values are
 * not evaluated here; {@link LocalNames} does that for one stack.
 */
public final class Template {

    public static final String FILE_NAME = "template.yaml";

    private final Path directory;
    private final Map<String, Object> document;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Resource> resources = new LinkedHashMap<>();

    /** A parameter and its default, as text (CloudFormation passes every parameter as a string). */
    public record Parameter(String name, String type, Optional<String> defaultValue) {
    }

    /** A resource: its logical id, type, properties (unevaluated) and the condition it is created under. */
    public record Resource(String logicalId, String type, Map<String, Object> properties, Optional<String> condition) {
    }

    private Template(Path directory, Map<String, Object> document) {
        this.directory = directory;
        this.document = document;
        section("Parameters").forEach((name, definition) -> {
            Map<String, Object> fields = asMap(definition, "Parameters." + name);
            parameters.put(name, new Parameter(name, String.valueOf(fields.getOrDefault("Type", "String")),
                    Optional.ofNullable(fields.get("Default")).map(String::valueOf)));
        });
        section("Resources").forEach((id, definition) -> {
            Map<String, Object> fields = asMap(definition, "Resources." + id);
            Object type = fields.get("Type");
            if (!(type instanceof String)) {
                throw new IllegalArgumentException("Resource " + id + " has no Type");
            }
            resources.put(id, new Resource(id, (String) type, asMap(fields.getOrDefault("Properties", Map.of()), id + ".Properties"),
                    Optional.ofNullable(fields.get("Condition")).map(String::valueOf)));
        });
    }

    /** Reads a template file; relative paths in it ({@code CodeUri}) are relative to its folder. */
    public static Template load(Path file) {
        try {
            return parse(Files.readString(file), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Reads {@code template.yaml} in the repository root. */
    public static Template loadFrom(Path repositoryRoot) {
        return load(repositoryRoot.resolve(FILE_NAME));
    }

    /** Parses template text; {@code directory} is what its relative paths are relative to. */
    public static Template parse(String yaml, Path directory) {
        Object document = new Yaml(new ShortFormConstructor()).load(yaml);
        return new Template(directory, asMap(document, "template"));
    }

    /** The folder the template lives in: the repository root. */
    public Path directory() {
        return directory;
    }

    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Condition name → its (unevaluated) expression. */
    public Map<String, Object> conditions() {
        return section("Conditions");
    }

    public Map<String, Object> mappings() {
        return section("Mappings");
    }

    /** SAM's {@code Globals} section, by resource kind ({@code Function}, {@code StateMachine} …). */
    public Map<String, Object> globals() {
        return section("Globals");
    }

    public Map<String, Object> outputs() {
        return section("Outputs");
    }

    public Map<String, Resource> resources() {
        return resources;
    }

    public Resource resource(String logicalId) {
        Resource resource = resources.get(logicalId);
        if (resource == null) {
            throw new NoSuchElementException("No resource '" + logicalId + "' in " + FILE_NAME + "; its resources are " + resources.keySet());
        }
        return resource;
    }

    /** Every {@code AWS::Serverless::Function}, with {@code Globals.Function} applied. */
    public Map<String, ServerlessFunction> functions() {
        Map<String, ServerlessFunction> functions = new LinkedHashMap<>();
        resources.values().stream()
                .filter(resource -> resource.type().equals(ServerlessFunction.TYPE))
                .forEach(resource -> functions.put(resource.logicalId(), ServerlessFunction.of(resource, functionGlobals())));
        return functions;
    }

    /** The function with this logical id; the error names it and lists the functions there are. */
    public ServerlessFunction function(String logicalId) {
        ServerlessFunction function = functions().get(logicalId);
        if (function == null) {
            throw new NoSuchElementException("No function '" + logicalId + "' (AWS::Serverless::Function) in " + FILE_NAME
                    + "; its functions are " + functions().keySet());
        }
        return function;
    }

    private Map<String, Object> functionGlobals() {
        return asMap(globals().getOrDefault("Function", Map.of()), "Globals.Function");
    }

    private Map<String, Object> section(String name) {
        return asMap(document.getOrDefault(name, Map.of()), name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String where) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(where + " must be a mapping, but is " + value);
        }
        return (Map<String, Object>) value;
    }
}
