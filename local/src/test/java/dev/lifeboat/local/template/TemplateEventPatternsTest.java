package dev.lifeboat.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.event.ruler.Machine;

/**
 * Every EventBridge rule's pattern in template.yaml, run by Event Ruler (EventBridge's own matching
 * engine) against every sample EventBridge event in events/. A new rule or a new event file
 * needs a row, or a cell in one, in {@link #EXPECTATIONS}.
 */
class TemplateEventPatternsTest {

    /** Which sample events each rule must match, and which it must let pass. */
    record Expectation(String rule, Set<String> matches, Set<String> ignores) {
    }

    private static final List<Expectation> EXPECTATIONS = List.of(
            new Expectation("EbsSnapshotCreatedRule",
                    Set.of("ebs-create-snapshot-succeeded.json", "ebs-create-snapshots-succeeded.json"),
                    Set.of("ebs-create-snapshot-failed.json", "ebs-copy-snapshot-succeeded.json", "ebs-copy-snapshot-failed.json")));

    private static final Path ROOT = RepoRoot.find();
    private final Template template = Template.loadFrom(ROOT);

    @TestFactory
    Stream<DynamicTest> eachRuleMatchesExactlyTheEventsItsExpectationSays() throws IOException {
        Map<String, String> patterns = patterns();
        Map<String, String> events = eventBridgeEvents();
        return EXPECTATIONS.stream().filter(expectation -> patterns.containsKey(expectation.rule())).flatMap(expectation ->
                events.keySet().stream()
                        .filter(file -> expectation.matches().contains(file) || expectation.ignores().contains(file))
                        .map(file -> {
                            boolean shouldMatch = expectation.matches().contains(file);
                            return DynamicTest.dynamicTest(expectation.rule() + (shouldMatch ? " matches " : " ignores ") + file, () -> {
                                // GIVEN the rule's pattern WHEN the sample event is matched against it THEN it matches as expected
                                Machine machine = new Machine();
                                machine.addRule(expectation.rule(), patterns.get(expectation.rule()));
                                boolean matched = !machine.rulesForJSONEvent(events.get(file)).isEmpty();
                                assertThat(matched).as("%s against %s, pattern %s", expectation.rule(), file, patterns.get(expectation.rule()))
                                        .isEqualTo(shouldMatch);
                            });
                        }));
    }

    @Test
    void everyRuleInTheTemplateHasAnExpectation() {
        Set<String> covered = EXPECTATIONS.stream().map(Expectation::rule).collect(java.util.stream.Collectors.toSet());

        assertThat(patterns().keySet()).as("rules in template.yaml without a row in EXPECTATIONS").isSubsetOf(covered);
        assertThat(covered).as("rows in EXPECTATIONS naming no rule of template.yaml").isSubsetOf(patterns().keySet());
    }

    @Test
    void everySampleEventHasAnExpectationForEveryRule() throws IOException {
        Set<String> files = eventBridgeEvents().keySet();
        List<String> missing = new ArrayList<>();
        for (Expectation expectation : EXPECTATIONS) {
            files.stream()
                    .filter(file -> !expectation.matches().contains(file) && !expectation.ignores().contains(file))
                    .forEach(file -> missing.add(expectation.rule() + " × events/" + file));
            Stream.concat(expectation.matches().stream(), expectation.ignores().stream())
                    .filter(file -> !files.contains(file))
                    .forEach(file -> missing.add(expectation.rule() + " names events/" + file + ", which is not an EventBridge event file"));
        }

        assertThat(missing).as("say in EXPECTATIONS whether each rule matches each event file").isEmpty();
    }

    /** Rule logical id → its EventPattern as JSON, evaluated for the stack that creates the rule. */
    private Map<String, String> patterns() {
        Map<String, String> patterns = new TreeMap<>();
        template.resources().values().stream().filter(resource -> resource.type().equals("AWS::Events::Rule")).forEach(rule -> {
            LocalNames names = Stream.of(StackRole.values())
                    .map(role -> new LocalNames(template, role, Map.of(), Map.of()))
                    .filter(candidate -> candidate.deploys(rule))
                    .findFirst().orElseThrow();
            Object pattern = names.resolve(rule.properties().get("EventPattern"));
            try {
                patterns.put(rule.logicalId(), pattern instanceof String text ? text : Json.MAPPER.writeValueAsString(pattern));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return patterns;
    }

    /** events/*.json that are EventBridge events (they have detail-type): file name → JSON. */
    private static Map<String, String> eventBridgeEvents() throws IOException {
        Map<String, String> events = new TreeMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("events"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                String json = Files.readString(file);
                if (Json.MAPPER.readTree(json).has("detail-type")) {
                    events.put(file.getFileName().toString(), json);
                }
            }
        }
        return events;
    }
}
