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
 * engine) against every sample EventBridge event in events/. A new rule needs a row in
 * {@link #EXPECTATIONS} naming the events it must match; every other sample event it must ignore,
 * so a new event file is checked against every rule without a change here.
 */
class TemplateEventPatternsTest {

    /** Which sample events each rule must match; it must let every other sample event pass. */
    record Expectation(String rule, Set<String> matches) {
    }

    private static final List<Expectation> EXPECTATIONS = List.of(
            new Expectation("EbsSnapshotCreatedRule",
                    Set.of("ebs-create-snapshot-succeeded.json", "ebs-create-snapshots-succeeded.json")),
            new Expectation("RdsSnapshotCreatedRule",
                    Set.of("rds-db-snapshot-created-automated.json", "rds-db-snapshot-created-manual.json",
                            "rds-db-cluster-snapshot-created-automated.json", "rds-db-cluster-snapshot-created-manual.json")),
            new Expectation("BackupJobCompletedRule", Set.of("backup-job-completed.json")),
            new Expectation("BackupCopyJobFinishedRule", Set.of("backup-copy-job-completed.json", "backup-copy-job-failed.json")),
            new Expectation("EbsSnapshotCopiedRule", Set.of("ebs-copy-snapshot-succeeded.json", "ebs-copy-snapshot-failed.json")),
            new Expectation("RdsSnapshotCopyFinishedRule",
                    Set.of("rds-db-snapshot-copy-finished.json", "rds-db-snapshot-copy-canceled.json")),
            new Expectation("MetricsBackupJobsRule",
                    Set.of("backup-copy-job-completed.json",
                            "backup-copy-job-failed.json",
                            "backup-job-aborted.json",
                            "backup-job-completed.json",
                            "backup-job-expired.json",
                            "backup-job-failed.json",
                            "backup-restore-job-completed.json",
                            "backup-restore-job-failed.json",
                            "backup-restore-testing-job-completed.json")),
            new Expectation("MetricsEbsSnapshotsRule",
                    Set.of("ebs-copy-snapshot-failed.json",
                            "ebs-copy-snapshot-succeeded.json",
                            "ebs-create-snapshot-failed.json",
                            "ebs-create-snapshot-succeeded.json",
                            "ebs-create-snapshots-failed.json",
                            "ebs-create-snapshots-succeeded.json")),
            new Expectation("MetricsRdsSnapshotsRule",
                    Set.of("rds-db-cluster-snapshot-created-automated.json",
                            "rds-db-cluster-snapshot-created-manual.json",
                            "rds-db-snapshot-copy-canceled.json",
                            "rds-db-snapshot-copy-finished.json",
                            "rds-db-snapshot-created-automated.json",
                            "rds-db-snapshot-created-manual.json")),
            new Expectation("MetricsRestoreExecutionsRule",
                    Set.of("stepfunctions-drill-execution-failed.json",
                            "stepfunctions-restore-execution-aborted.json",
                            "stepfunctions-restore-execution-failed.json",
                            "stepfunctions-restore-execution-succeeded.json",
                            "stepfunctions-restore-execution-timed-out.json")),
            new Expectation("AlertBackupJobFailuresRule",
                    Set.of("backup-copy-job-failed.json",
                            "backup-job-aborted.json",
                            "backup-job-expired.json",
                            "backup-job-failed.json",
                            "backup-restore-job-failed.json")),
            new Expectation("AlertEbsSnapshotFailuresRule",
                    Set.of("ebs-copy-snapshot-failed.json",
                            "ebs-create-snapshot-failed.json",
                            "ebs-create-snapshots-failed.json")),
            new Expectation("AlertRdsSnapshotFailuresRule",
                    Set.of("rds-db-snapshot-copy-canceled.json")),
            // a failed scheduled drill is alerted by the drill function, not here
            new Expectation("AlertRestoreWorkflowFailuresRule",
                    Set.of("stepfunctions-restore-execution-aborted.json",
                            "stepfunctions-restore-execution-failed.json",
                            "stepfunctions-restore-execution-timed-out.json")),
            new Expectation("AlertSnapshotPolicyErrorsRule",
                    Set.of("dlm-policy-error.json")),
            new Expectation("AlertOutpostsReplicationFailuresRule",
                    Set.of("s3-outposts-replication-failed.json")),
            new Expectation("DrillExecutionEndedRule",
                    Set.of("stepfunctions-drill-execution-failed.json")),
            new Expectation("RestoreTestCompletedRule",
                    Set.of("backup-restore-testing-job-completed.json")));

    private static final Path ROOT = RepoRoot.find();
    private final Template template = Template.loadFrom(ROOT);

    @TestFactory
    Stream<DynamicTest> eachRuleMatchesExactlyTheEventsItsExpectationSays() throws IOException {
        Map<String, String> patterns = patterns();
        Map<String, String> events = eventBridgeEvents();
        return EXPECTATIONS.stream().filter(expectation -> patterns.containsKey(expectation.rule())).flatMap(expectation ->
                events.keySet().stream()
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
    void everyEventAnExpectationSaysARuleMatchesIsASampleEventFile() throws IOException {
        Set<String> files = eventBridgeEvents().keySet();
        List<String> missing = new ArrayList<>();
        for (Expectation expectation : EXPECTATIONS) {
            expectation.matches().stream().filter(file -> !files.contains(file))
                    .forEach(file -> missing.add(expectation.rule() + " names events/" + file + ", which is not an EventBridge event file"));
        }

        assertThat(missing).isEmpty();
    }

    /** Rule logical id → its EventPattern as JSON, evaluated for the stack that creates the rule. */
    private Map<String, String> patterns() {
        Map<String, String> patterns = new TreeMap<>();
        template.resources().values().stream().filter(resource -> resource.type().equals("AWS::Events::Rule"))
                // schedules have no pattern to check
                .filter(resource -> resource.properties().containsKey("EventPattern")).forEach(rule -> {
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
