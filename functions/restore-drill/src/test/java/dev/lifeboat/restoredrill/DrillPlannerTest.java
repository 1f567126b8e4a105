package dev.lifeboat.restoredrill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.DrillSettings;
import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.RetentionTiers;
import dev.lifeboat.shared.policy.BackupLifecycle;
import dev.lifeboat.shared.restore.ResourceKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which drills a day gets: pure planning, no AWS. */
class DrillPlannerTest {

    private static final Instant NOW = Instant.parse("2025-03-11T04:00:00Z");
    private static final DrillSettings GOLD_DRILLS = new DrillSettings(true, 7, Optional.of("drill-subnets"),
            List.of("sg-0123456789abcdef0"), Optional.of("us-west-2b"));
    private static final Map<String, Policy> POLICIES = Map.of(
            "gold", policy("gold", GOLD_DRILLS),
            "bronze", policy("bronze", DrillSettings.OFF),
            "loose", policy("loose", new DrillSettings(true, 7, Optional.empty(), List.of(), Optional.empty())));

    @Test
    void picksOneReadyRecentCopyPerSourceOfAPolicyThatAsksForDrills() {
        // GIVEN gold copies of one volume (one stale, one not ready), and a bronze copy
        List<RecoveryCopy> copies = List.of(
                copy(ResourceKind.EBS_VOLUME, "snap-old", "vol-1", "gold", NOW.minus(Duration.ofDays(8)), true),
                copy(ResourceKind.EBS_VOLUME, "snap-pending", "vol-1", "gold", NOW.minus(Duration.ofHours(1)), false),
                copy(ResourceKind.EBS_VOLUME, "snap-recent", "vol-1", "gold", NOW.minus(Duration.ofDays(3)), true),
                copy(ResourceKind.EBS_VOLUME, "snap-bronze", "vol-2", "bronze", NOW.minus(Duration.ofDays(1)), true));

        // WHEN today's drills are planned
        DrillPlanner.Plan plan = new DrillPlanner(1, "db.t4g.medium", false).plan(POLICIES, copies, NOW, 5);

        // THEN only the gold volume is drilled, from its one ready copy of the last seven days, into gold's zone
        assertThat(plan.drills()).singleElement().satisfies(drill -> {
            assertThat(drill.copy().id()).isEqualTo("snap-recent");
            assertThat(drill.drillId()).matches("drill-20250311-[0-9a-f]{12}");
            JsonNode request = json(drill.request());
            assertThat(request.path("recoveryPoint").asText()).isEqualTo("snap-recent");
            assertThat(request.path("target").path("availabilityZone").asText()).isEqualTo("us-west-2b");
            assertThat(request.path("target").path("identifier").asText()).isEqualTo(drill.drillId());
            assertThat(request.path("cleanupOnFailure").asBoolean()).isTrue();
            assertThat(request.has("dnsCutover")).isFalse();
        });
    }

    @Test
    void aDatabaseDrillRestoresIntoThePolicysIsolatedSubnetGroupAndSecurityGroups() {
        DrillPlanner.Plan plan = new DrillPlanner(1, "db.t4g.medium", true).plan(POLICIES,
                List.of(copy(ResourceKind.RDS_INSTANCE, "orders-copy", "orders-db", "gold", NOW.minus(Duration.ofDays(1)), true)), NOW, 5);

        JsonNode target = json(plan.drills().get(0).request()).path("target");
        assertThat(target.path("subnetGroup").asText()).isEqualTo("drill-subnets");
        assertThat(target.path("securityGroups").get(0).asText()).isEqualTo("sg-0123456789abcdef0");
        assertThat(target.path("instanceClass").asText()).isEqualTo("db.t4g.medium");
        assertThat(json(plan.drills().get(0).request()).path("validation").path("tcp").asBoolean()).isTrue();
    }

    @Test
    void aPolicyWithoutAnIsolatedTargetCannotDrillDatabasesAndSaysWhichSetting() {
        DrillPlanner.Plan plan = new DrillPlanner(1, "db.t4g.medium", false).plan(POLICIES,
                List.of(copy(ResourceKind.AURORA_CLUSTER, "pay-copy", "payments", "loose", NOW.minus(Duration.ofDays(1)), true)), NOW, 5);

        assertThat(plan.drills()).isEmpty();
        assertThat(plan.problems()).singleElement().asString().contains("policy 'loose'", "aurora-cluster payments", "drills.subnetGroup");
    }

    @Test
    void startsNoMoreThanTheFreeSlotsAndDefersTheRest() {
        List<RecoveryCopy> copies = IntStream.range(0, 6)
                .mapToObj(i -> copy(ResourceKind.EBS_VOLUME, "snap-" + i, "vol-" + i, "gold", NOW.minus(Duration.ofDays(1)), true)).toList();

        DrillPlanner.Plan plan = new DrillPlanner(1, "db.t4g.medium", false).plan(POLICIES, copies, NOW, 2);

        assertThat(plan.drills()).hasSize(2);
        assertThat(plan.deferred()).hasSize(4);
    }

    @Test
    void theSameDayAndSeedPlanTheSameDrillsSoARepeatedDeliveryAsksForTheSameExecutions() {
        List<RecoveryCopy> copies = IntStream.range(0, 10)
                .mapToObj(i -> copy(ResourceKind.EBS_VOLUME, "snap-" + i, "vol-1", "gold", NOW.minus(Duration.ofHours(i + 1)), true)).toList();
        DrillPlanner planner = new DrillPlanner(42, "db.t4g.medium", false);

        PlannedDrill first = planner.plan(POLICIES, copies, NOW, 1).drills().get(0);
        PlannedDrill again = planner.plan(POLICIES, copies, NOW.plus(Duration.ofHours(3)), 1).drills().get(0);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void theCopyDrilledIsChosenAtRandomAmongTheRecentOnes() {
        // GIVEN ten recent copies of one volume
        List<RecoveryCopy> copies = IntStream.range(0, 10)
                .mapToObj(i -> copy(ResourceKind.EBS_VOLUME, "snap-" + i, "vol-1", "gold", NOW.minus(Duration.ofHours(i + 1)), true)).toList();

        // WHEN twenty days are planned
        Set<String> chosen = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (int day = 0; day < 20; day++) {
            PlannedDrill drill = new DrillPlanner(0, "db.t4g.medium", false)
                    .plan(POLICIES, copies, NOW.plus(Duration.ofDays(day)), 1).drills().stream().findFirst().orElse(null);
            if (drill != null) {
                chosen.add(drill.copy().id());
                ids.add(drill.drillId());
            }
        }

        // THEN different days drill different copies, each under its own drill id
        assertThat(chosen).hasSizeGreaterThan(1);
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
    }

    private static RecoveryCopy copy(ResourceKind kind, String id, String source, String policy, Instant createdAt, boolean ready) {
        return new RecoveryCopy(kind, id, source, policy, createdAt, ready);
    }

    private static Policy policy(String name, DrillSettings drills) {
        return new Policy(name, Duration.ofHours(4), "us-west-2", Optional.empty(), "alias/lifeboat-recovery", RetentionTiers.DEFAULT, 0,
                ZoneOffset.UTC, BackupLifecycle.KEEP, drills);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
