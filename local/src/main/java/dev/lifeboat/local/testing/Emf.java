package dev.lifeboat.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the CloudWatch Embedded Metric Format documents a function printed (see {@link CapturedStdout}). */
public final class Emf {

    private Emf() {
    }

    public record Metric(String namespace, String name, double value, String unit, List<List<String>> dimensionSets, Map<String, String> dimensions) {
    }

    public static List<Metric> metrics(String output) {
        List<Metric> metrics = new ArrayList<>();
        for (String line : output.lines().filter(l -> l.startsWith("{") && l.contains("\"_aws\"")).toList()) {
            JsonNode document;
            try {
                document = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
                List<List<String>> sets = new ArrayList<>();
                Map<String, String> dimensions = new TreeMap<>();
                for (JsonNode set : directive.path("Dimensions")) {
                    List<String> names = new ArrayList<>();
                    set.forEach(name -> {
                        names.add(name.asText());
                        dimensions.put(name.asText(), document.path(name.asText()).asText());
                    });
                    // CloudWatch ignores the order of a dimension set's names; Powertools does not keep it
                    names.sort(null);
                    sets.add(names);
                }
                for (JsonNode definition : directive.path("Metrics")) {
                    String name = definition.path("Name").asText();
                    JsonNode value = document.path(name);
                    metrics.add(new Metric(directive.path("Namespace").asText(), name,
                            value.isArray() ? value.get(0).asDouble() : value.asDouble(), definition.path("Unit").asText(), sets, dimensions));
                }
            }
        }
        return metrics;
    }
}
