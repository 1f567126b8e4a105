package dev.lifeboat.local.drill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The DR report a drill prints: plain text, one section per question a person asks after a disaster. */
public final class DrillReport {

    /** The section headings, in order. */
    public static final List<String> SECTIONS = List.of("Protected resources", "Copies in the recovery region", "RPO achieved",
            "RTO per restore", "Alerts raised", "Scheduled recovery functions", "Health report");

    private DrillReport() {
    }

    public static String render(DrillResult result) {
        StringBuilder out = new StringBuilder();
        Instant disaster = result.disaster();
        out.append("\nLifeboat DR drill report\n========================\n");
        out.append(String.format(Locale.ROOT, "%d simulated days of backups (the emulator stamps the real time: the drill dated each copy's"
                + " lifeboat:created-at back to its day). Primary region %s, recovery region %s.%n", result.days(),
                result.primaryRegion(), result.recoveryRegion()));
        out.append(String.format(Locale.ROOT, "The disaster: %s became unreachable at %s.%n", result.primaryRegion(),
                disaster.truncatedTo(ChronoUnit.SECONDS)));

        heading(out, 0, "");
        for (DrillResult.ProtectedResource resource : result.resources()) {
            out.append(String.format(Locale.ROOT, "  %-26s %-24s policy %s%n", resource.resource().kind().description(),
                    resource.resource().id(), resource.resource().policy()));
        }

        heading(out, 1, " (" + result.recoveryRegion() + ")");
        for (DrillResult.ProtectedResource resource : result.resources()) {
            out.append(String.format(Locale.ROOT, "  %-24s %d cop%s, newest from %s%n", resource.resource().id(), resource.copies(),
                    resource.copies() == 1 ? "y" : "ies",
                    resource.newestCopy().map(newest -> newest.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("(none)")));
        }

        heading(out, 2, " (age of the newest copy when the primary region went down, against the policy's RPO)");
        for (DrillResult.ProtectedResource resource : result.resources()) {
            String age = resource.ageHours(disaster).map(hours -> String.format(Locale.ROOT, "%.2f h", hours)).orElse("no copy");
            out.append(String.format(Locale.ROOT, "  %-24s %-10s RPO %s h   %s%n", resource.resource().id(), age,
                    number(resource.rpoHours()), resource.withinRpo(disaster) ? "met" : "BREACHED"));
        }

        heading(out, 3, " (the restore execution's measured duration, in " + result.recoveryRegion() + ")");
        for (DrillResult.Restore restore : result.restores()) {
            out.append(String.format(Locale.ROOT, "  %-24s RTO %6.1f s   %s%n", restore.resource().id(), restore.rto().toMillis() / 1000.0,
                    restore.validated() ? "validated, restored as " + restore.restoredResource()
                            : restore.status() + ": " + restore.problem()));
        }

        heading(out, 4, " (" + result.alerts().size() + ")");
        if (result.alerts().isEmpty()) {
            out.append("  (none)\n");
        }
        for (DrillResult.Alert alert : result.alerts()) {
            String first = alert.message().lines().findFirst().orElse("");
            out.append(String.format(Locale.ROOT, "  [%s] %s%n", alert.region(), alert.subject().isEmpty() ? shorten(first, 160)
                    : alert.subject() + " - " + shorten(first, 120)));
        }
        out.append("  injected: ").append(result.injectedFailure()).append('\n');

        heading(out, 5, "");
        for (DrillResult.ScheduledStep step : result.steps()) {
            out.append(String.format(Locale.ROOT, "  %-22s %s%n", step.functionId(),
                    !step.available() ? "not available yet (not in template.yaml)"
                            : step.succeeded() ? "ran: " + step.purpose() : "FAILED: " + step.result()));
            if (step.available() && step.succeeded() && step.functionId().equals("RpoMonitorFunction")) {
                rpoLines(step.result()).forEach(line -> out.append("      ").append(line).append('\n'));
            }
        }

        heading(out, 6, "");
        if (result.reportFiles().isEmpty()) {
            out.append("  not written (").append(HealthReportFiles.FUNCTION).append(" did not run or wrote no reports/latest.* file)\n");
        }
        for (Path file : result.reportFiles()) {
            out.append("  ").append(file.toAbsolutePath()).append('\n');
        }

        out.append(String.format(Locale.ROOT, "%nEvents delivered to functions through the template's rules: %d", result.deliveries()));
        out.append(result.failedDeliveries().isEmpty() ? ", all handled\n" : ", " + result.failedDeliveries().size() + " FAILED:\n");
        for (LocalEventBus.Delivery failed : result.failedDeliveries()) {
            out.append(String.format(Locale.ROOT, "  %s -> %s: %s (%s)%n", failed.rule(), failed.functionId(), shorten(failed.detail(), 200),
                    shorten(failed.summary(), 120)));
        }
        long validated = result.restores().stream().filter(DrillResult.Restore::validated).count();
        out.append(String.format(Locale.ROOT, "%nResult: %s: %d of %d restores validated%s, in %d s%n",
                result.passed() ? "PASSED" : "FAILED", validated, result.restores().size(),
                (result.stepsSucceeded() ? "" : "; a scheduled recovery function failed")
                        + (result.failedDeliveries().isEmpty() ? "" : "; " + result.failedDeliveries().size() + " events were not handled"),
                result.wallTime().toSeconds()));
        return out.toString();
    }

    /** The RPO monitor's per-resource answer, one line each; whatever else it answers, as it is. */
    static List<String> rpoLines(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return List.of(shorten(json, 200));
        }
        JsonNode items = node.isArray() ? node : node.path("resources");
        if (!items.isArray()) {
            return List.of(shorten(node.toString(), 200));
        }
        List<String> lines = new java.util.ArrayList<>();
        for (JsonNode item : items) {
            String source = first(item, "sourceArn", "source");
            String age = item.path("ageHours").isNumber() ? String.format(Locale.ROOT, "%.2f", item.path("ageHours").asDouble())
                    : item.path("ageHours").asText("?");
            lines.add(String.format(Locale.ROOT, "%s %s policy %s: newest copy %s, %s h old, RPO %s h: %s",
                    source.substring(Math.max(source.lastIndexOf(':'), source.lastIndexOf('/')) + 1), item.path("type").asText(""),
                    item.path("policy").asText("?"), first(item, "newestCopyId", "newestCopy", "newest"), age,
                    item.path("rpoHours").asText("?"), item.path("status").asText("?")));
        }
        return lines;
    }

    private static String first(JsonNode item, String... fields) {
        for (String field : fields) {
            if (item.hasNonNull(field)) {
                return item.path(field).asText();
            }
        }
        return "?";
    }

    private static void heading(StringBuilder out, int section, String suffix) {
        out.append('\n').append(SECTIONS.get(section)).append(suffix).append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String shorten(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
