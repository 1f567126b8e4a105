package dev.lifeboat.healthreport;

import dev.lifeboat.retention.RetentionTier;
import dev.lifeboat.retention.TierSelection;
import dev.lifeboat.shared.policy.Policy;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tiers retention keeps each copy in, by retention's own selection ({@code TierSelection}) over
 * the same order its planner uses: newest first, ties by id (descending). Only snapshots are
 * tiered; AWS Backup recovery points follow the vault's lifecycle and get no tier.
 */
public final class RetentionTierClassifier implements TierClassifier {

    private static final Comparator<CopyRecord> NEWEST_FIRST = Comparator.comparing(CopyRecord::createdAt).reversed()
            .thenComparing(CopyRecord::copyId, Comparator.reverseOrder());

    @Override
    public Map<String, Set<String>> tiers(Policy policy, List<CopyRecord> copies) {
        List<CopyRecord> newestFirst = copies.stream().filter(CopyRecord::tiered).sorted(NEWEST_FIRST).toList();
        List<Map<RetentionTier, String>> kept = TierSelection.select(newestFirst.stream().map(CopyRecord::createdAt).toList(),
                policy.retention(), policy.timeZone());
        Map<String, Set<String>> tiers = new HashMap<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            Set<String> names = new TreeSet<>();
            kept.get(i).keySet().forEach(tier -> names.add(tier.label()));
            tiers.put(newestFirst.get(i).copyId(), names);
        }
        return tiers;
    }
}
