package dev.lifeboat.retention;

import dev.lifeboat.shared.policy.RetentionTiers;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The grandfather-father-son selection on its own: given the creation times of one source's
 * ready copies, newest first, which tiers keep each. A tier keeping N keeps the newest copy of
 * each of the N newest periods (days, ISO weeks, months, years in the policy's zone) that hold a
 * copy. Periods without copies do not count, so copies are never lost to a pause in backups, and
 * a second selection over the kept copies keeps all of them.
 */
public final class TierSelection {

    private TierSelection() {
    }

    /**
     * For each time in {@code newestFirst}, the tiers that keep it and the period each keeps it for;
     * an empty map means no tier does.
     *
     * @throws IllegalArgumentException when the times are not sorted newest first
     */
    public static List<Map<RetentionTier, String>> select(List<Instant> newestFirst, RetentionTiers tiers, ZoneId zone) {
        int size = newestFirst.size();
        LocalDate[] dates = new LocalDate[size];
        List<Map<RetentionTier, String>> kept = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (i > 0 && newestFirst.get(i).isAfter(newestFirst.get(i - 1))) {
                throw new IllegalArgumentException("copy times must be sorted newest first (index " + i + ")");
            }
            dates[i] = RetentionTier.localDate(newestFirst.get(i), zone);
            kept.add(new EnumMap<>(RetentionTier.class));
        }
        for (RetentionTier tier : RetentionTier.values()) {
            int count = tier.count(tiers);
            int keptInTier = 0;
            String lastPeriod = null;
            for (int i = 0; i < size && keptInTier < count; i++) {
                String period = tier.period(dates[i]);
                if (!period.equals(lastPeriod)) {
                    // the newest copy of a period not seen yet
                    lastPeriod = period;
                    kept.get(i).put(tier, period);
                    keptInTier++;
                }
            }
        }
        return kept;
    }
}
