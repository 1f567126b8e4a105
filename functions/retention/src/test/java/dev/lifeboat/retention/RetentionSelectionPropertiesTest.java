package dev.lifeboat.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.policy.RetentionTiers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The retention selection over random copy timelines (up to three years, some copies not ready,
 * under legal hold or in use by a restore), random tiers and time zones with daylight saving time.
 */
class RetentionSelectionPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
            "Asia/Kolkata", "Pacific/Chatham", "America/Sao_Paulo", "Europe/London");

    /** One generated timeline: its copies, the rule, and what restores use. */
    record Scenario(List<RecoveryCopy> copies, RetentionRule rule, Protections protections) {
    }

    @Property
    void theNewestReadyCopyIsAlwaysKept(@ForAll("scenarios") Scenario scenario) {
        List<Decision> decisions = plan(scenario);

        scenario.copies().stream().filter(RecoveryCopy::ready)
                .max(Comparator.comparing((RecoveryCopy c) -> c.createdAt().orElseThrow()).thenComparing(RecoveryCopy::id))
                .ifPresent(newest -> assertThat(decisionFor(decisions, newest).action()).isNotEqualTo(Decision.Action.DELETE));
    }

    @Property
    void copiesNotReadyAreNeverDeletedNorTakeTheNewestPlace(@ForAll("scenarios") Scenario scenario) {
        List<Decision> decisions = plan(scenario);

        assertThat(decisions).filteredOn(d -> !d.copy().ready())
                .allSatisfy(d -> assertThat(d.action()).isEqualTo(Decision.Action.KEEP));
        boolean anyReady = scenario.copies().stream().anyMatch(RecoveryCopy::ready);
        if (anyReady) {
            assertThat(decisions).filteredOn(d -> d.copy().ready() && d.action() != Decision.Action.DELETE).isNotEmpty();
        }
    }

    @Property
    void copiesUnderLegalHoldOrInUseAreNeverDeleted(@ForAll("scenarios") Scenario scenario) {
        List<Decision> decisions = plan(scenario);

        assertThat(decisions).filteredOn(d -> d.copy().legalHold() || scenario.protections().inUse(d.copy()).isPresent())
                .allSatisfy(d -> assertThat(d.action()).isNotEqualTo(Decision.Action.DELETE));
    }

    @Property
    void copiesKeptPerTierNeverExceedThePolicy(@ForAll("scenarios") Scenario scenario) {
        List<Decision> decisions = plan(scenario);

        Map<RetentionTier, Long> perTier = new EnumMap<>(RetentionTier.class);
        decisions.forEach(d -> d.keptBy().keySet().forEach(tier -> perTier.merge(tier, 1L, Long::sum)));
        for (RetentionTier tier : RetentionTier.values()) {
            assertThat(perTier.getOrDefault(tier, 0L)).as(tier.label()).isLessThanOrEqualTo(tier.count(scenario.rule().tiers()));
        }
    }

    @Property
    void deletedCopiesAreExactlyThoseNothingKeeps(@ForAll("scenarios") Scenario scenario) {
        List<Decision> decisions = plan(scenario);

        assertThat(decisions).filteredOn(Decision::deletes).allSatisfy(d -> {
            assertThat(d.keptBy()).isEmpty();
            assertThat(d.copy().ready()).isTrue();
            assertThat(d.reason()).startsWith("no tier keeps it");
        });
        assertThat(decisions).filteredOn(d -> !d.deletes()).allSatisfy(d -> assertThat(d.reason()).isNotBlank());
    }

    @Property
    void applyingTheSelectionToTheKeptCopiesDeletesNothingMore(@ForAll("scenarios") Scenario scenario) {
        List<RecoveryCopy> kept = plan(scenario).stream().filter(d -> !d.deletes()).map(Decision::copy).toList();

        List<Decision> again = RetentionPlanner.plan(kept, scenario.rule(), scenario.protections(), NOW);

        assertThat(again).noneMatch(Decision::deletes);
        assertThat(again).extracting(Decision::keptBy).containsExactlyElementsOf(
                plan(scenario).stream().filter(d -> !d.deletes()).map(Decision::keptBy).toList());
    }

    @Property
    void tiersKeepTheNewestCopyOfEachOfTheNewestCalendarPeriodsInThePolicysZone(@ForAll("scenarios") Scenario scenario) {
        List<Decision> decisions = plan(scenario);
        ZoneId zone = scenario.rule().zone();
        RetentionTiers tiers = scenario.rule().tiers();

        assertThat(keptBy(decisions, RetentionTier.DAILY)).isEqualTo(oracle(scenario, tiers.daily(), date -> date));
        assertThat(keptBy(decisions, RetentionTier.WEEKLY)).isEqualTo(oracle(scenario, tiers.weekly(),
                date -> date.get(IsoFields.WEEK_BASED_YEAR) * 100 + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        assertThat(keptBy(decisions, RetentionTier.MONTHLY)).isEqualTo(oracle(scenario, tiers.monthly(), YearMonth::from));
        assertThat(keptBy(decisions, RetentionTier.YEARLY)).isEqualTo(oracle(scenario, tiers.yearly(), LocalDate::getYear));
        assertThat(zone).isNotNull();
    }

    @Property
    void aroundDaylightSavingChangesDaysAreTheZonesCalendarDays(@ForAll("dstScenarios") Scenario scenario) {
        List<Decision> decisions = plan(scenario);

        assertThat(keptBy(decisions, RetentionTier.DAILY)).isEqualTo(oracle(scenario, scenario.rule().tiers().daily(), date -> date));
        Set<LocalDate> days = decisions.stream().filter(d -> d.keptBy().containsKey(RetentionTier.DAILY))
                .map(d -> LocalDate.ofInstant(d.copy().createdAt().orElseThrow(), scenario.rule().zone())).collect(Collectors.toSet());
        assertThat(days).hasSize((int) decisions.stream().filter(d -> d.keptBy().containsKey(RetentionTier.DAILY)).count());
    }

    @Property
    void onlyOlderKeptEbsCopiesThatNoRestoreUsesAreArchived(@ForAll("scenarios") Scenario scenario) {
        List<Decision> decisions = plan(scenario);
        RecoveryCopy newest = scenario.copies().stream().filter(RecoveryCopy::ready)
                .max(Comparator.comparing((RecoveryCopy c) -> c.createdAt().orElseThrow()).thenComparing(RecoveryCopy::id)).orElse(null);

        assertThat(decisions).filteredOn(d -> d.action() == Decision.Action.ARCHIVE).allSatisfy(d -> {
            assertThat(d.copy().kind()).isEqualTo(CopyKind.EBS_SNAPSHOT);
            assertThat(d.copy()).isNotEqualTo(newest);
            assertThat(scenario.protections().inUse(d.copy())).isEmpty();
            assertThat(d.copy().createdAt().orElseThrow()).isBefore(NOW.minus(Duration.ofDays(scenario.rule().archiveAfterDays())));
        });
    }

    private static List<Decision> plan(Scenario scenario) {
        return RetentionPlanner.plan(scenario.copies(), scenario.rule(), scenario.protections(), NOW);
    }

    private static Decision decisionFor(List<Decision> decisions, RecoveryCopy copy) {
        return decisions.stream().filter(d -> d.copy().id().equals(copy.id())).findFirst().orElseThrow();
    }

    private static Set<String> keptBy(List<Decision> decisions, RetentionTier tier) {
        return decisions.stream().filter(d -> d.keptBy().containsKey(tier)).map(d -> d.copy().id()).collect(Collectors.toSet());
    }

    /** Independently: group the ready copies by period, take the newest periods, the newest copy in each. */
    private static <K extends Comparable<K>> Set<String> oracle(Scenario scenario, int count, Function<LocalDate, K> period) {
        TreeMap<K, RecoveryCopy> newestPerPeriod = new TreeMap<>(Comparator.reverseOrder());
        Comparator<RecoveryCopy> order = Comparator.comparing((RecoveryCopy c) -> c.createdAt().orElseThrow()).thenComparing(RecoveryCopy::id);
        for (RecoveryCopy copy : scenario.copies()) {
            if (!copy.ready()) {
                continue;
            }
            K key = period.apply(copy.createdAt().orElseThrow().atZone(scenario.rule().zone()).toLocalDate());
            newestPerPeriod.merge(key, copy, (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
        return newestPerPeriod.values().stream().limit(count).map(RecoveryCopy::id).collect(Collectors.toSet());
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<Long>> minutesAgo = Arbitraries.longs().between(0, 3L * 366 * 24 * 60).list().ofMaxSize(60);
        return scenario(minutesAgo.map(list -> list.stream().map(m -> NOW.minus(Duration.ofMinutes(m))).toList()), zones());
    }

    @Provide
    Arbitrary<Scenario> dstScenarios() {
        return zones().flatMap(zone -> {
            List<Instant> transitions = new ArrayList<>();
            ZoneOffsetTransition transition = zone.getRules().previousTransition(NOW);
            while (transition != null && transitions.size() < 6) {
                transitions.add(transition.getInstant());
                transition = zone.getRules().previousTransition(transition.getInstant());
            }
            if (transitions.isEmpty()) {
                transitions.add(NOW.minus(Duration.ofDays(100)));
            }
            Arbitrary<Instant> nearTransition = Combinators.combine(Arbitraries.of(transitions),
                    Arbitraries.longs().between(-26 * 60, 26 * 60)).as((at, minutes) -> at.plus(Duration.ofMinutes(minutes)));
            return scenario(nearTransition.list().ofMaxSize(40), Arbitraries.just(zone));
        });
    }

    private static Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES).map(ZoneId::of);
    }

    private static Arbitrary<Scenario> scenario(Arbitrary<List<Instant>> times, Arbitrary<ZoneId> zones) {
        Arbitrary<RetentionTiers> tiers = Combinators.combine(Arbitraries.integers().between(0, 10), Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 4)).as(RetentionTiers::new);
        Arbitrary<List<Integer>> flags = Arbitraries.integers().between(0, 99).list().ofSize(80);
        Arbitrary<Integer> archiveDays = Arbitraries.of(0, 0, 30, 90, 200);
        return Combinators.combine(times, tiers, zones, flags, archiveDays).as((instants, t, zone, f, archive) -> {
            List<RecoveryCopy> copies = new ArrayList<>();
            Map<String, String> inUse = new HashMap<>();
            Map<String, String> heldSources = new HashMap<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < instants.size(); i++) {
                int flag = f.get(i % f.size());
                String id = "snap-" + i;
                ids.add(id);
                boolean ready = flag >= 8;
                Map<String, String> extra = new HashMap<>();
                if (flag % 17 == 0) {
                    extra.put(LifeboatTags.LEGAL_HOLD, flag % 2 == 0 ? "case-1" : "false");
                }
                CopyKind kind = flag % 5 == 0 ? CopyKind.RDS_SNAPSHOT : CopyKind.EBS_SNAPSHOT;
                copies.add(Copies.copy(kind, id, instants.get(i), ready, extra));
                if (flag % 23 == 0) {
                    inUse.put(id, "restore execution test is running from it");
                }
            }
            if (f.getLast() == 0) {
                heldSources.put(Protections.sourceKey(CopyKind.RDS_SNAPSHOT, "vol-0source"), "restore of the latest copy is running");
            }
            return new Scenario(copies, new RetentionRule("test", t, zone, archive), new Protections(inUse, heldSources));
        });
    }
}
