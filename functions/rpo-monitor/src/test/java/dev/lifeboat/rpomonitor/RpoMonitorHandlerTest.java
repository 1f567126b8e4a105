package dev.lifeboat.rpomonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.Emf;
import dev.lifeboat.local.testing.MovableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The RPO monitor against moto: Lifeboat's copies in the recovery region (us-west-2), tagged
 * resources in the primary region (us-east-1), the fold table, and an on-call inbox subscribed to
 * the alert topic. Time moves by hand: copies are dated by their {@code lifeboat:created-at} tag.
 */
@ExtendWith(MotoExtension.class)
class RpoMonitorHandlerTest {

    private static final Instant START = Instant.parse("2026-03-02T12:00:00Z");

    private RpoEstate estate;
    private MovableClock clock;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new RpoEstate(emulator);
        clock = new MovableClock(START);
    }

    @Test
    void reportsTheAgeOfEachResourcesNewestCompletedCopyAgainstItsPolicysRpo() {
        // GIVEN an EBS volume with two copies (gold: 4 hours), an RDS instance copied 30 hours ago and an Aurora
        // cluster copied an hour ago (silver: 24 hours)
        estate.ebsCopy("vol-0aaa", "gold", START.minus(Duration.ofHours(10)));
        String newest = estate.ebsCopy("vol-0aaa", "gold", START.minus(Duration.ofHours(2)));
        String rds = estate.rdsCopy("orders-db", "silver", START.minus(Duration.ofHours(30)));
        estate.auroraCopy("inventory", "silver", START.minus(Duration.ofHours(1)));

        // WHEN the monitor runs
        RpoEstate.Run run = estate.run(Map.of(), clock);

        // THEN each resource is reported with its newest copy, its age and its status
        JsonNode line = run.resource(RpoEstate.volumeArn("vol-0aaa"));
        assertThat(line.path("type").asText()).isEqualTo("ebs-volume");
        assertThat(line.path("policy").asText()).isEqualTo("gold");
        assertThat(line.path("rpoHours").asDouble()).isEqualTo(4.0);
        assertThat(line.path("newestCopyId").asText()).isEqualTo(newest);
        assertThat(line.path("newestCopyTime").asText()).isEqualTo(START.minus(Duration.ofHours(2)).toString());
        assertThat(line.path("ageHours").asDouble()).isEqualTo(2.0);
        assertThat(line.path("completedCopies").asInt()).isEqualTo(2);
        assertThat(line.path("status").asText()).isEqualTo("COMPLIANT");
        JsonNode line2 = run.resource(RpoEstate.dbArn("orders-db"));
        assertThat(line2.path("type").asText()).isEqualTo("rds-instance");
        assertThat(line2.path("newestCopyId").asText()).isEqualTo(rds);
        assertThat(line2.path("ageHours").asDouble()).isEqualTo(30.0);
        assertThat(line2.path("rpoHours").asDouble()).isEqualTo(24.0);
        assertThat(line2.path("status").asText()).isEqualTo("BREACH");
        assertThat(line2.path("problem").asText()).isEqualTo("newest copy is 30 hours old, 6 hours over the RPO of 24 hours");
        assertThat(run.resource(RpoEstate.clusterArn("inventory")).path("status").asText()).isEqualTo("COMPLIANT");
        assertThat(run.summary().path("counts").toString()).isEqualTo("{\"protected\":3,\"compliant\":2,\"breached\":1,\"withoutCopy\":0}");

        // AND the ages and counts are metrics: one age per resource, dimensioned by the resource
        List<Emf.Metric> metrics = Emf.metrics(run.output());
        assertThat(metrics).filteredOn(m -> m.name().equals("RecoveryPointAgeHours"))
                .extracting(m -> m.dimensions().get("Resource"), Emf.Metric::value)
                .containsExactlyInAnyOrder(tuple(RpoEstate.volumeArn("vol-0aaa"), 2.0), tuple(RpoEstate.dbArn("orders-db"), 30.0),
                        tuple(RpoEstate.clusterArn("inventory"), 1.0));
        assertThat(metrics).filteredOn(m -> m.dimensions().equals(Map.of("Region", RpoEstate.RECOVERY)))
                .extracting(Emf.Metric::name, Emf.Metric::value)
                .contains(tuple("ProtectedResources", 3.0), tuple("RpoCompliantResources", 2.0), tuple("RpoBreachedResources", 1.0),
                        tuple("ResourcesWithoutCopy", 0.0), tuple("PrimaryRegionReachable", 1.0));
    }

    @Test
    void breachRaisesOneAlertHoweverManyRunsSeeIt() {
        // GIVEN a gold (4-hour RPO) volume copied an hour ago: compliant, nobody is told anything
        String copy = estate.ebsCopy("vol-0bbb", "gold", START.minus(Duration.ofHours(1)));
        assertThat(estate.run(Map.of(), clock).resource(RpoEstate.volumeArn("vol-0bbb")).path("status").asText()).isEqualTo("COMPLIANT");
        assertThat(estate.alerts()).isEmpty();

        // WHEN no newer copy arrives and the monitor runs 4, 4 (a duplicate run) and 5 hours later
        clock.advance(Duration.ofHours(4));
        RpoEstate.Run breach = estate.run(Map.of(), clock);
        RpoEstate.Run duplicate = estate.run(Map.of(), clock);
        clock.advance(Duration.ofHours(1));
        RpoEstate.Run later = estate.run(Map.of(), clock);

        // THEN exactly one alert went out, readable by the on-call person
        assertThat(breach.resource(RpoEstate.volumeArn("vol-0bbb")).path("status").asText()).isEqualTo("BREACH");
        assertThat(breach.summary().path("alerts").path("raised").asInt()).isEqualTo(1);
        assertThat(duplicate.summary().path("alerts").path("folded").asInt()).isEqualTo(1);
        assertThat(later.summary().path("alerts").path("folded").asInt()).isEqualTo(1);
        assertThat(estate.alerts()).singleElement().asString()
                .contains("The newest recovery-region copy of " + RpoEstate.volumeArn("vol-0bbb") + " is 5 hours old: older than its RPO of 4 hours")
                .contains("Policy: gold (from the newest copy's lifeboat:policy tag)")
                .contains("Newest completed copy: " + copy + " (ebs-snapshot) in us-west-2")
                .contains("Recovery point time: " + START.minus(Duration.ofHours(1)))
                .contains("Age: 5 hours (1 hour over the RPO)")
                .contains("What to do: Check that backups of the resource are still taken in us-east-1");
    }

    @Test
    void breachThatEndsSendsOneRecoveryMessage() {
        // GIVEN a breach that was alerted
        estate.ebsCopy("vol-0ccc", "gold", START.minus(Duration.ofHours(6)));
        estate.run(Map.of(), clock);
        assertThat(estate.alerts()).singleElement().asString().contains("RPO breached");

        // WHEN a new copy arrives and the monitor runs twice
        clock.advance(Duration.ofHours(1));
        String fresh = estate.ebsCopy("vol-0ccc", "gold", START.plus(Duration.ofMinutes(30)));
        RpoEstate.Run recovered = estate.run(Map.of(), clock);
        RpoEstate.Run again = estate.run(Map.of(), clock);

        // THEN one recovery message says it is over and for how long it lasted; the next run says nothing
        assertThat(recovered.resource(RpoEstate.volumeArn("vol-0ccc")).path("status").asText()).isEqualTo("COMPLIANT");
        assertThat(recovered.summary().path("alerts").path("cleared").asInt()).isEqualTo(1);
        assertThat(again.summary().path("alerts").path("cleared").asInt()).isZero();
        assertThat(estate.alerts()).singleElement().asString()
                .contains("The RPO problem of " + RpoEstate.volumeArn("vol-0ccc") + " is over: its newest recovery-region copy is 0.5 hours old")
                .contains("Newest completed copy: " + fresh)
                .contains("Problem: RPO breached, first seen " + START + ", alerted " + START + ", lasted 1 hour over 1 check.");

        // AND a later breach of the same resource is a new problem, alerted again
        clock.advance(Duration.ofHours(5));
        estate.run(Map.of(), clock);
        assertThat(estate.alerts()).singleElement().asString().contains("RPO breached");
    }

    @Test
    void taggedPrimaryResourceWithoutAnyCopyRaisesANoCopyAlert() {
        // GIVEN a volume in the primary region tagged for the gold policy, never copied
        String volume = estate.primaryVolume("gold");

        // WHEN the monitor runs twice
        RpoEstate.Run run = estate.run(Map.of(), clock);
        estate.run(Map.of(), clock);

        // THEN it is reported without a copy, counted, and alerted once
        JsonNode line3 = run.resource(RpoEstate.volumeArn(volume));
        assertThat(line3.path("status").asText()).isEqualTo("NO_COPY");
        assertThat(line3.path("policySource").asText()).isEqualTo("primary-tag");
        assertThat(line3.path("seenInPrimaryRegion").asBoolean()).isTrue();
        assertThat(line3.path("newestCopyId").isNull()).isTrue();
        assertThat(line3.path("ageHours").isNull()).isTrue();
        assertThat(run.summary().path("counts").path("withoutCopy").asInt()).isEqualTo(1);
        assertThat(run.summary().path("counts").path("breached").asInt()).isEqualTo(1);
        assertThat(estate.alerts()).singleElement().asString()
                .contains("Protected resource " + RpoEstate.volumeArn(volume) + " has no completed copy in the recovery region us-west-2")
                .contains("Policy: gold (from the resource's lifeboat:policy tag)")
                .contains("RPO: 4 hours")
                .contains("Newest completed copy: none in us-west-2");
    }

    @Test
    void unreachablePrimaryRegionStillReportsFromTheRecoveryRegionsCopies() throws IOException {
        // GIVEN a copied volume, a primary-only volume already alerted as never copied, and then a primary region that refuses connections
        estate.ebsCopy("vol-0ddd", "gold", START.minus(Duration.ofHours(1)));
        String primaryOnly = estate.primaryVolume("gold");
        estate.run(Map.of(), clock);
        assertThat(estate.alerts()).singleElement().asString().contains("No recovery copy");
        Map<String, String> primaryDown = Map.of("PRIMARY_REGION_ENDPOINT_URL", "http://127.0.0.1:" + closedPort());

        // WHEN the monitor runs
        long started = System.nanoTime();
        RpoEstate.Run run = estate.run(primaryDown, clock);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // THEN the run succeeds quickly from the recovery region's view, and says the primary did not answer
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(run.summary().path("primaryRegionReachable").asBoolean()).isFalse();
        assertThat(run.resource(RpoEstate.volumeArn("vol-0ddd")).path("status").asText()).isEqualTo("COMPLIANT");
        assertThat(Emf.metrics(run.output())).filteredOn(m -> m.name().equals("PrimaryRegionReachable"))
                .extracting(Emf.Metric::value).containsExactly(0.0);
        assertThat(run.output()).contains("Primary region us-east-1 did not answer");

        // AND the primary-only resource, unseen, is neither cleared nor alerted again
        assertThat(run.summary().path("resources").findValuesAsText("sourceArn")).doesNotContain(RpoEstate.volumeArn(primaryOnly));
        assertThat(run.summary().path("alerts").path("cleared").asInt()).isZero();
        assertThat(estate.alerts()).isEmpty();
    }

    @Test
    void unknownPolicyIsABreachNamingThePolicyAndTheOtherResourcesAreStillChecked() {
        // GIVEN a copy whose policy tag names a policy the document does not define, and a healthy one
        estate.ebsCopy("vol-0eee", "platinum", START.minus(Duration.ofHours(1)));
        estate.ebsCopy("vol-0fff", "gold", START.minus(Duration.ofHours(1)));

        // WHEN the monitor runs
        RpoEstate.Run run = estate.run(Map.of(), clock);

        // THEN the first is a breach with no RPO, the error log names the policy, and the second is compliant
        JsonNode line4 = run.resource(RpoEstate.volumeArn("vol-0eee"));
        assertThat(line4.path("status").asText()).isEqualTo("BREACH");
        assertThat(line4.path("rpoHours").isNull()).isTrue();
        assertThat(line4.path("problem").asText()).isEqualTo("policy 'platinum' is not defined in the policy document, so no RPO applies");
        assertThat(run.resource(RpoEstate.volumeArn("vol-0fff")).path("status").asText()).isEqualTo("COMPLIANT");
        assertThat(run.output()).contains("\"level\":\"ERROR\"").contains("Policy 'platinum'");
        assertThat(estate.alerts()).singleElement().asString()
                .contains("[Lifeboat] RPO unknown: " + RpoEstate.volumeArn("vol-0eee"))
                .contains("What to do: Define policy 'platinum' in /lifeboat/policies");
    }

    @Test
    void concurrentRunsRaiseOneAlert() throws Exception {
        // GIVEN a breach, and two runs of the monitor at the same moment (a duplicate schedule delivery)
        estate.ebsCopy("vol-0abc", "gold", START.minus(Duration.ofHours(8)));
        RpoMonitorHandler first = new RpoMonitorHandler(estate.environment(Map.of()), clock);
        RpoMonitorHandler second = new RpoMonitorHandler(estate.environment(Map.of()), clock);
        CountDownLatch go = new CountDownLatch(1);

        // WHEN both run
        CompletableFuture<Map<String, Object>> a = CompletableFuture.supplyAsync(() -> await(go, first));
        CompletableFuture<Map<String, Object>> b = CompletableFuture.supplyAsync(() -> await(go, second));
        go.countDown();
        a.get();
        b.get();

        // THEN one alert went out
        assertThat(estate.alerts()).hasSize(1);
    }

    @Test
    void reportOnlyRunSendsNoAlertAndRemembersNothing() {
        // GIVEN a breach
        estate.ebsCopy("vol-0bcd", "gold", START.minus(Duration.ofHours(8)));

        // WHEN the monitor runs with {"alert": false} (the health report's way), then normally
        RpoEstate.Run reportOnly = estate.run(new RpoMonitorHandler(estate.environment(Map.of()), clock), Map.of("alert", false));
        assertThat(estate.alerts()).isEmpty();
        estate.run(Map.of(), clock);

        // THEN the report-only run reported the breach, and the alert came with the normal run
        assertThat(reportOnly.resource(RpoEstate.volumeArn("vol-0bcd")).path("status").asText()).isEqualTo("BREACH");
        assertThat(estate.alerts()).hasSize(1);
    }

    private static Map<String, Object> await(CountDownLatch go, RpoMonitorHandler handler) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return handler.handleRequest(Map.of(), dev.lifeboat.local.testing.LambdaTestContext.forFunction("lifeboat-rpo-monitor"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
