package dev.lifeboat.backupmetrics;

import dev.lifeboat.local.testing.Emf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The template's dashboards and alarms against what the metrics function really prints: every
 * Lifeboat metric a widget or alarm names, with its dimension names, must be one the function emits
 * for the sample events in {@code events/} and for its schedule. Reads template.yaml (or the file
 * named by the system property {@code lifeboat.template}).
 */
@ExtendWith(MotoExtension.class)
class TemplateDashboardAndAlarmsTest {

    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{Lifeboat,([^}]*)}\\s+MetricName=\"([^\"]+)\"");

    private final Template template = Template.load(Path.of(System.getProperty("lifeboat.template",
            RepoRoot.find().resolve(Template.FILE_NAME).toString())));

    /** A metric as CloudWatch knows it: its name and the names of its dimensions. */
    record MetricKey(String name, Set<String> dimensions) {
    }

    @Test
    void everyStackHasADashboardWhoseBodyIsValidJson() {
        for (StackRole role : StackRole.values()) {
            assertThat(dashboardBodies(role)).as("dashboards of the %s stack", role).singleElement()
                    .satisfies(body -> assertThat(body.path("widgets").size()).isGreaterThanOrEqualTo(6));
        }
    }

    @Test
    void dashboardWidgetsNameOnlyMetricsTheFunctionEmits(Emulator emulator) throws IOException {
        // GIVEN every metric the function emits for the sample events and its schedule
        Set<MetricKey> emitted = emitted(emulator);

        // WHEN the dashboards' widgets are read, in both stacks
        Set<MetricKey> named = new TreeSet<>(java.util.Comparator.comparing(MetricKey::toString));
        for (StackRole role : StackRole.values()) {
            dashboardBodies(role).forEach(body -> body.path("widgets").forEach(widget -> named.addAll(lifeboatMetrics(widget))));
        }

        // THEN each is emitted, with the same dimension names; and the widgets cover the job counts, latency, age and restores
        assertThat(named).isNotEmpty().allSatisfy(metric -> assertThat(emitted).as("emitted metrics").contains(metric));
        assertThat(named).extracting(MetricKey::name).contains(MetricNames.JOBS_COMPLETED, MetricNames.JOBS_FAILED,
                MetricNames.COPY_LATENCY, MetricNames.RESTORE_DURATION, MetricNames.OLDEST_RECOVERY_POINT_AGE);
    }

    /** Other functions (RPO monitor, retention, drills) alarm on their own metrics in the namespace: only this function's are checked here. */
    @Test
    void alarmsOnThisFunctionsMetricsNameThemWithTheDimensionsItEmits(Emulator emulator) throws IOException {
        Set<MetricKey> emitted = emitted(emulator);
        List<MetricKey> alarmed = new ArrayList<>();
        template.resources().values().stream()
                .filter(resource -> resource.type().equals("AWS::CloudWatch::Alarm"))
                .filter(alarm -> "Lifeboat".equals(alarm.properties().get("Namespace")))
                .forEach(alarm -> {
                    Set<String> dimensions = new TreeSet<>();
                    if (alarm.properties().get("Dimensions") instanceof List<?> list) {
                        list.forEach(d -> dimensions.add(String.valueOf(((Map<?, ?>) d).get("Name"))));
                    }
                    alarmed.add(new MetricKey(String.valueOf(alarm.properties().get("MetricName")), dimensions));
                });

        Set<String> emittedNames = new TreeSet<>();
        emitted.forEach(metric -> emittedNames.add(metric.name()));
        List<MetricKey> ours = alarmed.stream().filter(metric -> emittedNames.contains(metric.name())).toList();
        assertThat(ours).extracting(MetricKey::name).contains(MetricNames.JOBS_FAILED, MetricNames.RESOURCES_BEYOND_RPO);
        assertThat(ours).allSatisfy(metric -> assertThat(emitted).contains(metric));
    }

    private List<JsonNode> dashboardBodies(StackRole role) {
        LocalNames names = new LocalNames(template, role, Map.of(), Map.of());
        List<JsonNode> bodies = new ArrayList<>();
        template.resources().values().stream()
                .filter(resource -> resource.type().equals("AWS::CloudWatch::Dashboard") && names.deploys(resource))
                .forEach(dashboard -> {
                    String body = names.resolveText(dashboard.properties().get("DashboardBody"));
                    try {
                        bodies.add(Json.MAPPER.readTree(body));
                    } catch (IOException e) {
                        throw new AssertionError(dashboard.logicalId() + "'s DashboardBody is not valid JSON: " + e.getMessage(), e);
                    }
                });
        return bodies;
    }

    /** The Lifeboat metrics a widget names: in metric arrays and in SEARCH expressions. */
    private static List<MetricKey> lifeboatMetrics(JsonNode widget) {
        List<MetricKey> metrics = new ArrayList<>();
        for (JsonNode row : widget.path("properties").path("metrics")) {
            if (row.size() >= 2 && row.get(0).isTextual() && row.get(0).asText().equals("Lifeboat")) {
                Set<String> dimensions = new TreeSet<>();
                for (int i = 2; i + 1 < row.size() && row.get(i).isTextual(); i += 2) {
                    dimensions.add(row.get(i).asText());
                }
                metrics.add(new MetricKey(row.get(1).asText(), dimensions));
            }
            for (JsonNode cell : row) {
                Matcher search = SEARCH.matcher(cell.path("expression").asText());
                while (search.find()) {
                    metrics.add(new MetricKey(search.group(2), new TreeSet<>(List.of(search.group(1).split(",")))));
                }
            }
        }
        return metrics;
    }

    /** What the function prints for every EventBridge sample in events/, in both regions, and for the schedule. */
    private static Set<MetricKey> emitted(Emulator emulator) throws IOException {
        MetricsEstate estate = new MetricsEstate(emulator);
        Set<MetricKey> emitted = new TreeSet<>(java.util.Comparator.comparing(MetricKey::toString));
        BackupMetricsHandler handler = new BackupMetricsHandler(estate.functionEnvironment(Emulator.PRIMARY));
        List<Map<String, Object>> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(MetricsEstate.EVENTS)) {
            // backups before copies: a copy's latency is measured from its recovery point's creation, which the backup event records
            for (Path file : files.filter(f -> f.toString().endsWith(".json"))
                    .sorted(java.util.Comparator.comparing((Path f) -> !f.getFileName().toString().startsWith("backup-job-"))
                            .thenComparing(Path::toString)).toList()) {
                JsonNode event = Json.MAPPER.readTree(file.toFile());
                if (event.has("detail-type")) {
                    events.add(MetricsEstate.asMap(event.toString()));
                }
            }
        }
        events.add(MetricsEstate.asMap("""
                {"version": "0", "id": "schedule", "detail-type": "Scheduled Event", "source": "aws.events", "account": "111122223333",
                 "time": "2025-03-10T12:00:00Z", "region": "us-east-1", "resources": [], "detail": {}}"""));
        for (Map<String, Object> event : events) {
            CapturedStdout.Result<Map<String, Object>> result = CapturedStdout.capture(
                    () -> handler.handleRequest(event, LambdaTestContext.forFunction("backup-metrics")));
            for (Emf.Metric metric : Emf.metrics(result.output())) {
                metric.dimensionSets().forEach(set -> emitted.add(new MetricKey(metric.name(), new TreeSet<>(set))));
            }
        }
        return emitted;
    }
}
