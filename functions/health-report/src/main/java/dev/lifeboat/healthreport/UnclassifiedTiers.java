package dev.lifeboat.healthreport;

import dev.lifeboat.shared.policy.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assigns no tier: the report then shows each resource's copy count without a per-tier split.
 * Used until the retention function's tier classification is available to the report.
 */
public final class UnclassifiedTiers implements TierClassifier {

    @Override
    public Map<String, Set<String>> tiers(Policy policy, List<CopyRecord> copies, Instant now) {
        return Map.of();
    }
}
