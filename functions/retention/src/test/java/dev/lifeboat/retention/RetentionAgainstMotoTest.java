package dev.lifeboat.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.Emf;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Retention against moto's EC2, RDS, SSM and Step Functions in the recovery region: the default
 * policy here keeps the newest copy of each of the 2 newest days that have one.
 */
@ExtendWith(MotoExtension.class)
class RetentionAgainstMotoTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private RecoveryEstate estate;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new RecoveryEstate(emulator);
    }

    @Test
    void deletesExpiredEbsRdsAndAuroraCopiesAndLeavesEverythingElse() {
        // GIVEN four daily copies of one source of each kind, an unmanaged snapshot, and old copies under legal hold
        List<String> ebs = ebsTimeline("vol-0aaa", 4);
        List<String> rdsCopies = rdsTimeline("orders-db", 4);
        List<String> aurora = auroraTimeline("orders-cluster", 4);
        String unmanaged = estate.ebsCopy(Map.of("team", "orders"));
        String held = estate.ebsCopy(with(RecoveryEstate.provenance(CopyKind.EBS_SNAPSHOT, "vol-0aaa", daysAgo(30), "default"),
                LifeboatTags.LEGAL_HOLD, "case-4711"));
        String heldRds = estate.rdsCopy("lifeboat-us-east-1-orders-db-held", with(RecoveryEstate.provenance(CopyKind.RDS_SNAPSHOT,
                "orders-db", daysAgo(40), "default"), LifeboatTags.LEGAL_HOLD, "yes"));
        String releasedHold = estate.ebsCopy(with(RecoveryEstate.provenance(CopyKind.EBS_SNAPSHOT, "vol-0aaa", daysAgo(31), "default"),
                LifeboatTags.LEGAL_HOLD, "false"));

        // WHEN retention runs
        Map<String, Object> result = run(Map.of(), null);

        // THEN the two newest of each kind and everything unmanaged or held is left; the rest is gone
        assertThat(estate.ebsSnapshotIds()).containsExactlyInAnyOrder(ebs.get(0), ebs.get(1), unmanaged, held);
        assertThat(estate.rdsSnapshotIds()).containsExactlyInAnyOrder(rdsCopies.get(0), rdsCopies.get(1), heldRds);
        assertThat(estate.auroraSnapshotIds()).containsExactlyInAnyOrder(aurora.get(0), aurora.get(1));
        assertThat(deletedIds(result)).containsExactlyInAnyOrder(ebs.get(2), ebs.get(3), releasedHold, rdsCopies.get(2), rdsCopies.get(3),
                aurora.get(2), aurora.get(3));
        assertThat(result.get("complete")).isEqualTo(true);
    }

    @Test
    void secondRunDeletesNothingMore() {
        // GIVEN copies of each kind, retention already run once
        ebsTimeline("vol-0bbb", 5);
        rdsTimeline("billing-db", 3);
        auroraTimeline("billing-cluster", 3);
        run(Map.of(), null);
        List<String> ebsLeft = estate.ebsSnapshotIds();
        List<String> rdsLeft = estate.rdsSnapshotIds();
        List<String> auroraLeft = estate.auroraSnapshotIds();

        // WHEN it runs again
        Map<String, Object> second = run(Map.of(), null);

        // THEN nothing more is deleted
        assertThat(deletedIds(second)).isEmpty();
        assertThat(estate.ebsSnapshotIds()).containsExactlyInAnyOrderElementsOf(ebsLeft);
        assertThat(estate.rdsSnapshotIds()).containsExactlyInAnyOrderElementsOf(rdsLeft);
        assertThat(estate.auroraSnapshotIds()).containsExactlyInAnyOrderElementsOf(auroraLeft);
    }

    @Test
    void dryRunListsWhatItWouldDeleteWithReasonsAndDeletesNothing() {
        // GIVEN four copies of a volume and two of a database
        List<String> ebs = ebsTimeline("vol-0ccc", 4);
        List<String> rdsCopies = rdsTimeline("crm-db", 3);

        // WHEN retention runs with {"dryRun": true}
        CapturedStdout.Result<Map<String, Object>> run = CapturedStdout.capture(() -> run(Map.of(), Map.of("dryRun", true)));

        // THEN nothing is deleted, the result and the log name each copy it would delete and why
        assertThat(estate.ebsSnapshotIds()).containsAll(ebs);
        assertThat(estate.rdsSnapshotIds()).containsAll(rdsCopies);
        Map<String, Object> result = run.value();
        assertThat(result.get("dryRun")).isEqualTo(true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> wouldDelete = (List<Map<String, Object>>) result.get("wouldDelete");
        assertThat(wouldDelete).extracting(entry -> entry.get("copy")).containsExactlyInAnyOrder(ebs.get(2), ebs.get(3), rdsCopies.get(2));
        assertThat(wouldDelete).allSatisfy(entry -> assertThat((String) entry.get("reason")).contains("no tier keeps it"));
        assertThat(run.jsonLines()).filteredOn(line -> line.contains("\"dryRun\":true") && line.contains("would delete"))
                .hasSize(3).anySatisfy(line -> assertThat(line).contains(ebs.get(3)));
    }

    @Test
    void dryRunFromTheEnvironmentDeletesNothing() {
        // GIVEN expired copies and DRY_RUN=true on the function
        List<String> ebs = ebsTimeline("vol-0ddd", 3);

        // WHEN the schedule sends an empty input
        Map<String, Object> result = run(Map.of("DRY_RUN", "true"), null);

        // THEN it is a dry run all the same
        assertThat(result.get("dryRun")).isEqualTo(true);
        assertThat(estate.ebsSnapshotIds()).containsAll(ebs);
    }

    @Test
    void copiesOfAnUnknownPolicyAreAllKeptAndTheErrorNamesThePolicy() {
        // GIVEN a policy document without "platinum", and old copies that name it
        estate.putPolicyDocument("""
                {"policies": {"gold": {"retention": {"daily": 1, "weekly": 0, "monthly": 0, "yearly": 0}}}}""");
        List<String> copies = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            copies.add(estate.ebsCopy(RecoveryEstate.provenance(CopyKind.EBS_SNAPSHOT, "vol-0eee", daysAgo(day * 10), "platinum")));
        }

        // WHEN retention runs
        CapturedStdout.Result<Map<String, Object>> run = CapturedStdout.capture(() -> run(Map.of(), null));

        // THEN every copy is kept and an error names the policy
        assertThat(estate.ebsSnapshotIds()).containsAll(copies);
        assertThat(run.value().get("unknownPolicyCopies")).isEqualTo(3);
        assertThat(run.jsonLines()).anySatisfy(line -> assertThat(line).contains("\"level\":\"ERROR\"").contains("platinum"));
    }

    @Test
    void copiesOfANamedPolicyFollowItsTiers() {
        // GIVEN gold keeps one daily copy; three daily copies of a gold volume
        estate.putPolicyDocument("""
                {"policies": {"gold": {"retention": {"daily": 1, "weekly": 0, "monthly": 0, "yearly": 0}}}}""");
        List<String> copies = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            copies.add(estate.ebsCopy(RecoveryEstate.provenance(CopyKind.EBS_SNAPSHOT, "vol-0fff", daysAgo(day), "gold")));
        }

        // WHEN retention runs
        run(Map.of(), null);

        // THEN only the newest is left
        assertThat(estate.ebsSnapshotIds()).containsExactly(copies.getFirst());
    }

    @Test
    void copiesARunningRestoreUsesAreKept() {
        // GIVEN a running restore from a named old EBS copy, and one from the latest copy of a database
        List<String> ebs = ebsTimeline("vol-0abc", 4);
        List<String> rdsCopies = rdsTimeline("ledger-db", 4);
        estate.createRestoreStateMachine();
        estate.startRestore("restore-volume", """
                {"resourceType": "ebs-volume", "sourceResource": "vol-0abc", "recoveryPoint": "%s"}""".formatted(ebs.get(3)));
        estate.startRestore("restore-db", """
                {"resourceType": "rds-instance", "sourceResource": "ledger-db", "target": {"instanceClass": "db.t3.micro"}}""");

        // WHEN retention runs
        Map<String, Object> result = run(Map.of(), null);

        // THEN the named copy and every copy of the database stay; the other expired EBS copy goes
        assertThat(deletedIds(result)).containsExactly(ebs.get(2));
        assertThat(estate.ebsSnapshotIds()).contains(ebs.get(3));
        assertThat(estate.rdsSnapshotIds()).containsAll(rdsCopies);
    }

    @Test
    void emitsDeletedAndKeptCountsPerResourceType() {
        // GIVEN three EBS copies and three Aurora copies of one source each
        ebsTimeline("vol-0def", 3);
        auroraTimeline("events-cluster", 3);

        // WHEN retention runs
        CapturedStdout.Result<Map<String, Object>> run = CapturedStdout.capture(() -> run(Map.of(), null));

        // THEN the EMF metrics count one deleted and two kept per type, and no failure
        List<Emf.Metric> metrics = Emf.metrics(run.output());
        assertThat(metrics).filteredOn(m -> m.name().equals("CopiesDeleted") && "ebs-snapshot".equals(m.dimensions().get("ResourceType")))
                .singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(1.0));
        assertThat(metrics).filteredOn(m -> m.name().equals("CopiesDeleted")
                        && "aurora-cluster-snapshot".equals(m.dimensions().get("ResourceType")))
                .singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(1.0));
        assertThat(metrics).filteredOn(m -> m.name().equals("CopiesKept") && "ebs-snapshot".equals(m.dimensions().get("ResourceType")))
                .singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(2.0));
        assertThat(metrics).filteredOn(m -> m.name().equals("RetentionFailures") && "us-west-2".equals(m.dimensions().get("Region")))
                .singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(0.0));
    }

    @Test
    void aRunNearItsTimeLimitStopsCleanlyAndTheNextRunFinishes() {
        // GIVEN six expired copies, and an invocation with time for two deletions before its stop margin
        List<String> ebs = ebsTimeline("vol-0123", 8);
        DeadlineContext nearlyOut = new DeadlineContext(2);

        // WHEN retention runs, then runs again with time to spare
        Map<String, Object> first = new RetentionHandler(estate.environment(Map.of("STOP_MARGIN_SECONDS", "60"))).handleRequest(null, nearlyOut);
        Map<String, Object> second = run(Map.of(), null);

        // THEN the first run deletes the two oldest and says the rest is left; the second deletes the rest
        assertThat(first.get("complete")).isEqualTo(false);
        assertThat(first.get("deferred")).isEqualTo(4);
        assertThat(deletedIds(first)).containsExactlyInAnyOrder(ebs.get(7), ebs.get(6));
        assertThat(second.get("complete")).isEqualTo(true);
        assertThat(deletedIds(second)).containsExactlyInAnyOrder(ebs.get(2), ebs.get(3), ebs.get(4), ebs.get(5));
        assertThat(estate.ebsSnapshotIds()).containsExactlyInAnyOrder(ebs.get(0), ebs.get(1));
    }

    @Test
    void anActionBudgetBoundsARun() {
        // GIVEN five expired copies and a budget of three actions per run
        ebsTimeline("vol-0456", 7);

        // WHEN retention runs twice
        Map<String, Object> first = run(Map.of("MAX_ACTIONS_PER_RUN", "3"), null);
        Map<String, Object> second = run(Map.of("MAX_ACTIONS_PER_RUN", "3"), null);

        // THEN three go in the first run and two in the second
        assertThat(deletedIds(first)).hasSize(3);
        assertThat(first.get("deferred")).isEqualTo(2);
        assertThat(deletedIds(second)).hasSize(2);
        assertThat(second.get("complete")).isEqualTo(true);
    }

    @Test
    void aDryRunListsEverythingItWouldDeleteBeyondTheActionBudget() {
        // GIVEN five expired copies and a budget of two actions per run
        ebsTimeline("vol-0457", 7);

        // WHEN retention runs dry
        Map<String, Object> result = run(Map.of("MAX_ACTIONS_PER_RUN", "2"), Map.of("dryRun", true));

        // THEN all five are listed: the budget bounds what a run changes, and a dry run changes nothing
        assertThat((List<?>) result.get("wouldDelete")).hasSize(5);
        assertThat(result.get("complete")).isEqualTo(true);
    }

    @Test
    void aCopyThatCannotBeDeletedIsReportedTheRestGoesOnAndTheRunFailsAtTheEnd() {
        // GIVEN an expired copy in use by an AMI (EC2 refuses to delete it) and other expired copies
        List<String> ebs = ebsTimeline("vol-0789", 4);
        String inUse = snapshotOfAnAmi();
        estate.ec2.createTags(r -> r.resources(inUse).tags(RecoveryEstate.provenance(CopyKind.EBS_SNAPSHOT, "vol-0789", daysAgo(20), "default")
                .entrySet().stream().map(t -> software.amazon.awssdk.services.ec2.model.Tag.builder().key(t.getKey()).value(t.getValue())
                        .build()).toList()));

        // WHEN retention runs
        CapturedStdout.Result<Throwable> run = CapturedStdout.capture(() -> {
            try {
                run(Map.of(), null);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });

        // THEN the other expired copies are deleted, the failure names the copy, and the invocation fails
        assertThat(estate.ebsSnapshotIds()).doesNotContain(ebs.get(2), ebs.get(3)).contains(inUse);
        assertThat(run.value()).isInstanceOf(RetentionFailedException.class).hasMessageContaining(inUse)
                .hasMessageContaining("InvalidSnapshot.InUse");
        assertThat(run.jsonLines()).anySatisfy(line -> assertThat(line).contains("\"level\":\"ERROR\"").contains(inUse));
        assertThat(Emf.metrics(run.output())).filteredOn(m -> m.name().equals("RetentionFailures")
                        && "ebs-snapshot".equals(m.dimensions().get("ResourceType")))
                .singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(1.0));
    }

    @Test
    void badInputIsRejectedNamingTheField() {
        // WHEN the schedule's input misspells dryRun
        // THEN the invocation fails naming the field, and nothing is deleted
        List<String> ebs = ebsTimeline("vol-0999", 3);
        assertThatThrownBy(() -> run(Map.of(), Map.of("dryrun", true)))
                .isInstanceOf(InvalidRetentionRequestException.class).hasMessageContaining("'dryrun'");
        assertThat(estate.ebsSnapshotIds()).containsAll(ebs);
    }

    private String snapshotOfAnAmi() {
        String instance = estate.ec2.runInstances(r -> r.imageId(anyImage()).minCount(1).maxCount(1).instanceType("t3.micro"))
                .instances().getFirst().instanceId();
        String image = estate.ec2.createImage(r -> r.instanceId(instance).name("lifeboat-restored-" + System.nanoTime())).imageId();
        return estate.ec2.describeImages(r -> r.imageIds(image)).images().getFirst().blockDeviceMappings().stream()
                .map(BlockDeviceMapping::ebs).filter(ebs -> ebs != null && ebs.snapshotId() != null)
                .map(software.amazon.awssdk.services.ec2.model.EbsBlockDevice::snapshotId).findFirst().orElseThrow();
    }

    private String anyImage() {
        return estate.ec2.describeImages(r -> r.filters(Filter.builder().name("architecture").values("x86_64").build()))
                .images().getFirst().imageId();
    }

    private Map<String, Object> run(Map<String, String> environment, Object event) {
        return new RetentionHandler(estate.environment(environment)).handleRequest(event, LambdaTestContext.forFunction("lifeboat-retention"));
    }

    /** Copies of one volume, one a day, newest first. */
    private List<String> ebsTimeline(String volume, int copies) {
        List<String> ids = new ArrayList<>();
        for (int day = 1; day <= copies; day++) {
            ids.add(estate.ebsCopy(RecoveryEstate.provenance(CopyKind.EBS_SNAPSHOT, volume, daysAgo(day), "default")));
        }
        return ids;
    }

    private List<String> rdsTimeline(String instance, int copies) {
        List<String> ids = new ArrayList<>();
        for (int day = 1; day <= copies; day++) {
            ids.add(estate.rdsCopy("lifeboat-us-east-1-" + instance + "-" + day,
                    RecoveryEstate.provenance(CopyKind.RDS_SNAPSHOT, instance, daysAgo(day), "default")));
        }
        return ids;
    }

    private List<String> auroraTimeline(String cluster, int copies) {
        List<String> ids = new ArrayList<>();
        for (int day = 1; day <= copies; day++) {
            ids.add(estate.auroraCopy("lifeboat-us-east-1-" + cluster + "-" + day,
                    RecoveryEstate.provenance(CopyKind.AURORA_CLUSTER_SNAPSHOT, cluster, daysAgo(day), "default")));
        }
        return ids;
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static Map<String, String> with(Map<String, String> tags, String key, String value) {
        Map<String, String> copy = new HashMap<>(tags);
        copy.put(key, value);
        return copy;
    }

    @SuppressWarnings("unchecked")
    static List<String> deletedIds(Map<String, Object> result) {
        return ((List<Map<String, Object>>) result.get("deleted")).stream().map(entry -> (String) entry.get("copy")).toList();
    }
}
