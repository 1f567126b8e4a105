package dev.lifeboat.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides, for the copies of one source resource, which to keep, which to delete and which to
 * move to the EBS archive tier, with the reason for each. Pure: no AWS call, no clock.
 *
 * <p>Rules, in order: a copy that is not ready (still copying, failed) is kept and takes no tier's
 * place; the newest ready copy is always kept; a copy under legal hold or in use by a restore is
 * kept; a copy some tier keeps is kept; every other copy is deleted.
 *
 * <p>A kept EBS copy moves to the archive tier when the policy says so ({@code archiveAfterDays}
 * &gt; 0 and it is at least that old), it is not the newest and no restore uses it (an archived
 * snapshot takes up to 72 hours to restore), it is in the standard tier and not a temporary
 * restore of an archived one, and it is expected to stay for at least {@link #ARCHIVE_MINIMUM}:
 * AWS bills an archived snapshot for 90 days even if it is deleted sooner, so a copy that only the
 * daily tier keeps is never archived.
 */
public final class RetentionPlanner {

    /** AWS's minimum archive period: deleting an archived snapshot sooner is billed as if it stayed. */
    public static final Duration ARCHIVE_MINIMUM = Duration.ofDays(90);

    private static final Comparator<RecoveryCopy> NEWEST_FIRST = Comparator
            .comparing((RecoveryCopy copy) -> copy.createdAt().orElseThrow()).reversed()
            .thenComparing(RecoveryCopy::id, Comparator.reverseOrder());

    private RetentionPlanner() {
    }

    /** The decision for each of {@code copies} (all of one source), in the order given. */
    public static List<Decision> plan(List<RecoveryCopy> copies, RetentionRule rule, Protections protections, Instant now) {
        List<RecoveryCopy> eligible = copies.stream()
                .filter(copy -> copy.ready() && copy.createdAt().isPresent())
                .sorted(NEWEST_FIRST)
                .toList();
        List<Map<RetentionTier, String>> tiers = TierSelection.select(
                eligible.stream().map(copy -> copy.createdAt().orElseThrow()).toList(), rule.tiers(), rule.zone());
        Map<RecoveryCopy, Map<RetentionTier, String>> keptBy = new HashMap<>();
        for (int i = 0; i < eligible.size(); i++) {
            keptBy.put(eligible.get(i), tiers.get(i));
        }
        RecoveryCopy newest = eligible.isEmpty() ? null : eligible.getFirst();

        List<Decision> decisions = new ArrayList<>(copies.size());
        for (RecoveryCopy copy : copies) {
            decisions.add(decide(copy, copy == newest, keptBy.get(copy), rule, protections, now));
        }
        return decisions;
    }

    private static Decision decide(RecoveryCopy copy, boolean newest, Map<RetentionTier, String> tiers, RetentionRule rule,
                                   Protections protections, Instant now) {
        if (!copy.ready()) {
            return new Decision(copy, Decision.Action.KEEP, "not ready (" + copy.state() + "): never deleted", Map.of());
        }
        if (copy.createdAt().isEmpty()) {
            return new Decision(copy, Decision.Action.KEEP, "its creation time is unknown: never deleted", Map.of());
        }
        List<String> reasons = new ArrayList<>();
        if (newest) {
            reasons.add("newest copy of its source");
        }
        if (copy.legalHold()) {
            reasons.add("legal hold");
        }
        Optional<String> inUse = protections.inUse(copy);
        inUse.ifPresent(why -> reasons.add("in use: " + why));
        if (!tiers.isEmpty()) {
            reasons.add("kept by " + tiers.entrySet().stream().map(e -> e.getKey().label() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", ")));
        }
        if (reasons.isEmpty()) {
            return new Decision(copy, Decision.Action.DELETE, "no tier keeps it: policy " + rule.policy() + " keeps the newest copy of "
                    + "the " + rule.tiers().daily() + " newest days, " + rule.tiers().weekly() + " weeks, " + rule.tiers().monthly()
                    + " months and " + rule.tiers().yearly() + " years that have one, in " + zoneName(rule), Map.of());
        }
        String reason = String.join("; ", reasons);
        if (!newest && inUse.isEmpty() && archivable(copy, tiers, rule, now)) {
            return new Decision(copy, Decision.Action.ARCHIVE, reason + "; older than " + rule.archiveAfterDays() + " days: to the archive tier",
                    tiers);
        }
        return new Decision(copy, Decision.Action.KEEP, reason, tiers);
    }

    private static String zoneName(RetentionRule rule) {
        String id = rule.zone().normalized().getId();
        return id.equals("Z") ? "UTC" : id;
    }

    private static boolean archivable(RecoveryCopy copy, Map<RetentionTier, String> tiers, RetentionRule rule, Instant now) {
        if (copy.kind() != CopyKind.EBS_SNAPSHOT || rule.archiveAfterDays() <= 0 || copy.temporarilyRestored()
                || !copy.storageTier().map("standard"::equals).orElse(false)) {
            return false;
        }
        Instant created = copy.createdAt().orElseThrow();
        if (created.plus(Duration.ofDays(rule.archiveAfterDays())).isAfter(now)) {
            return false;
        }
        return copy.legalHold() || keptUntilAtLeast(created, tiers, rule).isAfter(now.plus(ARCHIVE_MINIMUM)) ;
    }

    /**
     * The earliest a tier could let the copy go if backups keep coming: the start of its period
     * plus as many periods as the tier keeps. A lower bound (periods without copies only extend it).
     */
    static Instant keptUntilAtLeast(Instant created, Map<RetentionTier, String> tiers, RetentionRule rule) {
        LocalDate date = RetentionTier.localDate(created, rule.zone());
        Instant until = Instant.MIN;
        for (RetentionTier tier : tiers.keySet()) {
            Instant end = tier.plus(tier.periodStart(date), tier.count(rule.tiers())).atStartOfDay(rule.zone()).toInstant();
            if (end.isAfter(until)) {
                until = end;
            }
        }
        return until;
    }
}
