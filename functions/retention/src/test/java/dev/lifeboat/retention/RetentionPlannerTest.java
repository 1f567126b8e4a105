package dev.lifeboat.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.policy.RetentionTiers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked examples of the selection and its reasons; the invariants are in {@link RetentionSelectionPropertiesTest}. */
class RetentionPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final RetentionRule DAILY_TWO = new RetentionRule("test", new RetentionTiers(2, 0, 0, 0), ZoneOffset.UTC, 0);

    @Test
    void daysAreCountedInThePolicysZoneAcrossTheSpringForwardNight() {
        // GIVEN two copies an hour apart on 28 March 2026 UTC, the night DST starts: 23:30 on the 28th and 00:30 on the 29th in Berlin
        RecoveryCopy late = Copies.ebs("snap-late", Instant.parse("2026-03-28T23:30:00Z"));
        RecoveryCopy early = Copies.ebs("snap-early", Instant.parse("2026-03-28T22:30:00Z"));
        RecoveryCopy older = Copies.ebs("snap-older", Instant.parse("2026-03-26T12:00:00Z"));
        RetentionTiers twoDays = new RetentionTiers(2, 0, 0, 0);

        // WHEN the daily tier keeps two days, in Berlin and in UTC
        List<Decision> berlin = RetentionPlanner.plan(List.of(late, early, older),
                new RetentionRule("test", twoDays, ZoneId.of("Europe/Berlin"), 0), Protections.NONE, NOW);
        List<Decision> utc = RetentionPlanner.plan(List.of(late, early, older), new RetentionRule("test", twoDays, ZoneOffset.UTC, 0),
                Protections.NONE, NOW);

        // THEN Berlin sees two days (29 and 28 March) and keeps both; UTC sees one day and keeps the older copy instead
        assertThat(berlin).extracting(d -> d.action()).containsExactly(Decision.Action.KEEP, Decision.Action.KEEP, Decision.Action.DELETE);
        assertThat(berlin.get(0).keptBy()).containsEntry(RetentionTier.DAILY, "2026-03-29");
        assertThat(berlin.get(1).keptBy()).containsEntry(RetentionTier.DAILY, "2026-03-28");
        assertThat(utc).extracting(d -> d.action()).containsExactly(Decision.Action.KEEP, Decision.Action.DELETE, Decision.Action.KEEP);
    }

    @Test
    void weeksAreIsoWeeksStartingOnMonday() {
        // GIVEN copies on Sunday 2026-11-22 and Monday 2026-11-23 (UTC)
        RecoveryCopy monday = Copies.ebs("snap-mon", Instant.parse("2026-11-23T08:00:00Z"));
        RecoveryCopy sunday = Copies.ebs("snap-sun", Instant.parse("2026-11-22T08:00:00Z"));
        RecoveryCopy saturday = Copies.ebs("snap-sat", Instant.parse("2026-11-21T08:00:00Z"));

        // WHEN the weekly tier keeps two weeks
        List<Decision> decisions = RetentionPlanner.plan(List.of(monday, sunday, saturday),
                new RetentionRule("test", new RetentionTiers(0, 2, 0, 0), ZoneOffset.UTC, 0), Protections.NONE, NOW);

        // THEN Monday starts week 48, Sunday is the newest of week 47, Saturday goes
        assertThat(decisions.get(0).keptBy()).containsEntry(RetentionTier.WEEKLY, "2026-W48");
        assertThat(decisions.get(1).keptBy()).containsEntry(RetentionTier.WEEKLY, "2026-W47");
        assertThat(decisions.get(2).action()).isEqualTo(Decision.Action.DELETE);
    }

    @Test
    void aNewerCopyStillCopyingNeitherDiesNorDisplacesTheNewestGoodCopy() {
        // GIVEN a policy that keeps nothing by tier, a copy still pending and an older completed one
        RecoveryCopy pending = Copies.copy(CopyKind.EBS_SNAPSHOT, "snap-pending", NOW.minus(Duration.ofHours(1)), false, Map.of());
        RecoveryCopy good = Copies.ebs("snap-good", NOW.minus(Duration.ofDays(1)));
        RecoveryCopy old = Copies.ebs("snap-old", NOW.minus(Duration.ofDays(2)));

        // WHEN retention plans
        List<Decision> decisions = RetentionPlanner.plan(List.of(pending, good, old),
                new RetentionRule("test", new RetentionTiers(0, 0, 0, 0), ZoneOffset.UTC, 0), Protections.NONE, NOW);

        // THEN the pending copy and the newest good copy are kept, the old one goes
        assertThat(decisions.get(0).reason()).startsWith("not ready (pending)");
        assertThat(decisions.get(1).action()).isEqualTo(Decision.Action.KEEP);
        assertThat(decisions.get(1).reason()).contains("newest copy of its source");
        assertThat(decisions.get(2).action()).isEqualTo(Decision.Action.DELETE);
    }

    @Test
    void reasonsNameTheTierLegalHoldAndRestore() {
        // GIVEN four daily copies: one under legal hold, one a running restore uses
        RecoveryCopy newest = Copies.ebs("snap-1", NOW.minus(Duration.ofDays(1)));
        RecoveryCopy second = Copies.ebs("snap-2", NOW.minus(Duration.ofDays(2)));
        RecoveryCopy held = Copies.copy(CopyKind.EBS_SNAPSHOT, "snap-3", NOW.minus(Duration.ofDays(3)), true,
                Map.of(LifeboatTags.LEGAL_HOLD, "case-9"));
        RecoveryCopy restoring = Copies.ebs("snap-4", NOW.minus(Duration.ofDays(4)));
        Protections protections = new Protections(Map.of("snap-4", "restore execution r-1 is running from it"), Map.of());

        // WHEN retention plans with two daily copies
        List<Decision> decisions = RetentionPlanner.plan(List.of(newest, second, held, restoring), DAILY_TWO, protections, NOW);

        // THEN every copy is kept, each for its reason
        assertThat(decisions).extracting(Decision::reason).containsExactly(
                "newest copy of its source; kept by daily (2026-11-24)",
                "kept by daily (2026-11-23)",
                "legal hold",
                "in use: restore execution r-1 is running from it");
    }

    @Test
    void archivesOnlyLongKeptOlderEbsCopiesInTheStandardTier() {
        // GIVEN monthly copies kept by a 12-month tier, a policy archiving after 60 days
        RetentionRule rule = new RetentionRule("test", new RetentionTiers(1, 0, 12, 0), ZoneOffset.UTC, 60);
        RecoveryCopy newest = Copies.ebs("snap-newest", Instant.parse("2026-11-24T00:00:00Z"));
        RecoveryCopy august = Copies.ebs("snap-aug", Instant.parse("2026-08-15T00:00:00Z"));
        RecoveryCopy october = Copies.ebs("snap-oct", Instant.parse("2026-10-15T00:00:00Z"));
        RecoveryCopy archived = Copies.withStorageTier(Copies.ebs("snap-jul", Instant.parse("2026-07-15T00:00:00Z")), "archive", false);
        RecoveryCopy restoredForAWhile = Copies.withStorageTier(Copies.ebs("snap-jun", Instant.parse("2026-06-15T00:00:00Z")), "standard", true);
        RecoveryCopy rds = Copies.copy(CopyKind.RDS_SNAPSHOT, "lifeboat-may", Instant.parse("2026-05-15T00:00:00Z"), true, Map.of());

        // WHEN retention plans
        List<Decision> decisions = RetentionPlanner.plan(List.of(newest, august, october, archived, restoredForAWhile, rds), rule,
                Protections.NONE, NOW);

        // THEN only August moves: October is younger than 60 days, July is archived, June is a temporary restore, RDS has no archive tier
        assertThat(decisions).extracting(d -> d.copy().id() + "=" + d.action()).containsExactly(
                "snap-newest=KEEP", "snap-aug=ARCHIVE", "snap-oct=KEEP", "snap-jul=KEEP", "snap-jun=KEEP", "lifeboat-may=KEEP");
    }

    @Test
    void doesNotArchiveACopyLikelyDeletedWithinTheNinetyDayArchiveMinimum() {
        // GIVEN a policy keeping 4 months and archiving after 30 days; a copy from three months ago
        RetentionRule rule = new RetentionRule("test", new RetentionTiers(0, 0, 4, 0), ZoneOffset.UTC, 30);
        RecoveryCopy newest = Copies.ebs("snap-newest", Instant.parse("2026-11-24T00:00:00Z"));
        RecoveryCopy august = Copies.ebs("snap-aug", Instant.parse("2026-08-20T00:00:00Z"));
        RecoveryCopy held = Copies.copy(CopyKind.EBS_SNAPSHOT, "snap-held", Instant.parse("2026-08-10T00:00:00Z"), true,
                Map.of(LifeboatTags.LEGAL_HOLD, "true"));

        // WHEN retention plans
        List<Decision> decisions = RetentionPlanner.plan(List.of(newest, august, held), rule, Protections.NONE, NOW);

        // THEN August's copy would leave the monthly tier in December (within 90 days): it stays in the standard tier;
        //      the copy under legal hold stays indefinitely, so it is archived
        assertThat(decisions.get(1).action()).isEqualTo(Decision.Action.KEEP);
        assertThat(decisions.get(2).action()).isEqualTo(Decision.Action.ARCHIVE);
    }

    @Test
    void neverArchivesACopyARestoreUses() {
        // GIVEN an old yearly copy a running restore names
        RetentionRule rule = new RetentionRule("test", new RetentionTiers(1, 0, 0, 5), ZoneOffset.UTC, 30);
        RecoveryCopy newest = Copies.ebs("snap-newest", Instant.parse("2026-11-24T00:00:00Z"));
        RecoveryCopy lastYear = Copies.ebs("snap-2025", Instant.parse("2025-12-31T00:00:00Z"));

        // WHEN retention plans
        List<Decision> decisions = RetentionPlanner.plan(List.of(newest, lastYear), rule,
                new Protections(Map.of("snap-2025", "restore execution r-2 is running from it"), Map.of()), NOW);

        // THEN it stays in the standard tier
        assertThat(decisions.get(1).action()).isEqualTo(Decision.Action.KEEP);
    }
}
