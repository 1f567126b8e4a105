package dev.lifeboat.restorevalidate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.restore.RestoreRequest;
import dev.lifeboat.shared.restore.RestoreRequest.Endpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The restore workflow's validation: the restored resource exists, is available and matches its
 * recovery point, then each probe the request asks for (TCP connect, HTTP GET, SQL query). Every
 * check is reported with its outcome and timing; one failed check fails the validation, and the
 * workflow then reports it and cleans up when asked.
 *
 * <p>The answer: {@code {"passed", "checks": [{"name", "passed", "millis", "detail"}], "summary",
 * "resourceId", "resourceArn", "endpoint": {"address", "port"}, "rtoSeconds"}}; the endpoint's address is
 * empty when the resource has none (a volume).
 */
public final class RestoreValidator {

    private final RestoredResources resources;
    private final Probes probes;
    private final Clock clock;

    public RestoreValidator(RestoredResources resources, Probes probes, Clock clock) {
        this.resources = resources;
        this.probes = probes;
        this.clock = clock;
    }

    /** Validates; {@code startedAt} is when the workflow started (the RTO counts from it). */
    public ObjectNode validate(JsonNode request, JsonNode plan, String restoredId, String startedAt) {
        RestoreRequest parsed = RestoreRequest.parse(request);
        List<ObjectNode> checks = new ArrayList<>();
        Instant start = clock.instant();
        Optional<RestoredResource> resource = describe(plan, restoredId, start, checks);
        resource.ifPresent(found -> {
            Instant matchStart = clock.instant();
            checks.add(check("matches-recovery-point", found.mismatches().isEmpty(), matchStart, found.mismatches().isEmpty()
                    ? found.id() + " was restored from " + plan.path("recoveryPoint").path("id").asText()
                    : String.join("; ", found.mismatches())));
        });
        boolean usable = checks.stream().allMatch(check -> check.path("passed").asBoolean());
        Optional<Endpoint> endpoint = parsed.validation().endpoint().or(() -> resource.flatMap(RestoredResource::endpoint));
        RestoreRequest.Validation validation = parsed.validation();
        if (usable) {
            validation.tcpPort().ifPresent(port -> checks.add(probe("tcp", () -> probes.tcp(withPort(endpoint, port)))));
            validation.http().ifPresent(http -> checks.add(probe("http", () -> probes.http(http))));
            validation.sql().ifPresent(sql -> checks.add(probe("sql", () -> probes.sql(withPort(endpoint, 0), sql))));
        } else if (validation.hasProbes()) {
            checks.add(check("probes", false, clock.instant(), "not run: the resource is not available"));
        }
        return answer(checks, resource, resource.flatMap(RestoredResource::endpoint).or(() -> validation.endpoint()), startedAt);
    }

    private Optional<RestoredResource> describe(JsonNode plan, String restoredId, Instant start, List<ObjectNode> checks) {
        try {
            Optional<RestoredResource> resource = resources.describe(plan, restoredId);
            checks.add(resource.map(found -> check("available", found.available(), start, found.id() + " is " + found.status()))
                    .orElseGet(() -> check("available", false, start, restoredId + " does not exist")));
            return resource;
        } catch (RuntimeException e) {
            checks.add(check("available", false, start, "could not describe " + restoredId + ": " + SafeText.bounded(e.getMessage(), 300)));
            return Optional.empty();
        }
    }

    private ObjectNode answer(List<ObjectNode> checks, Optional<RestoredResource> resource, Optional<Endpoint> endpoint, String startedAt) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        List<String> failed = checks.stream().filter(check -> !check.path("passed").asBoolean())
                .map(check -> check.path("name").asText() + " (" + check.path("detail").asText() + ")").toList();
        answer.put("passed", failed.isEmpty());
        ArrayNode list = answer.putArray("checks");
        checks.forEach(list::add);
        answer.put("summary", failed.isEmpty()
                ? "all " + checks.size() + " checks passed: " + String.join(", ", checks.stream().map(c -> c.path("name").asText()).toList())
                : failed.size() + " of " + checks.size() + " checks failed: " + String.join("; ", failed));
        answer.put("resourceId", resource.map(RestoredResource::id).orElse(""));
        answer.put("resourceArn", resource.map(RestoredResource::arn).orElse(""));
        // never null: the Lambda runtime drops null fields, and the workflow's JSONPath must find this one
        answer.putObject("endpoint").put("address", endpoint.map(Endpoint::address).orElse(""))
                .put("port", endpoint.map(Endpoint::port).orElse(0));
        answer.put("rtoSeconds", rtoSeconds(startedAt));
        return answer;
    }

    /** Seconds from the workflow's start to now; 0 when the start time is unreadable (a local run without one). */
    private long rtoSeconds(String startedAt) {
        if (startedAt == null || startedAt.isBlank()) {
            return 0;
        }
        try {
            Instant start = startedAt.endsWith("Z") ? Instant.parse(startedAt) : OffsetDateTime.parse(startedAt.replace(' ', 'T')).toInstant();
            return Math.max(0, Duration.between(start, clock.instant()).toSeconds());
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static Optional<Endpoint> withPort(Optional<Endpoint> endpoint, int port) {
        return endpoint.map(found -> port > 0 ? new Endpoint(found.address(), port) : found);
    }

    private ObjectNode probe(String name, Supplier<String> probe) {
        Instant start = clock.instant();
        try {
            return check(name, true, start, probe.get());
        } catch (Probes.ProbeFailedException e) {
            return check(name, false, start, e.getMessage());
        } catch (RuntimeException e) {
            return check(name, false, start, e.getClass().getSimpleName() + ": " + SafeText.bounded(e.getMessage(), 300));
        }
    }

    private ObjectNode check(String name, boolean passed, Instant start, String detail) {
        ObjectNode check = Json.MAPPER.createObjectNode();
        check.put("name", name);
        check.put("passed", passed);
        check.put("millis", Math.max(0, Duration.between(start, clock.instant()).toMillis()));
        check.put("detail", SafeText.bounded(detail, 500));
        return check;
    }
}
