package dev.lifeboat.backupmetrics;

import java.util.Map;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** One value of one metric with its own dimensions, ready to print as EMF. */
public record MetricPoint(String name, double value, MetricUnit unit, Map<String, String> dimensions) {

    public MetricPoint {
        dimensions = Map.copyOf(dimensions);
    }
}
