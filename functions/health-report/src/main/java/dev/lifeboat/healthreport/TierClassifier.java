package dev.lifeboat.healthreport;

import dev.lifeboat.shared.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which retention tiers (daily, weekly, monthly, yearly) keep each copy of one source, as retention decides it. */
public interface TierClassifier {

    /** Copy id → the tiers keeping it; a copy no tier keeps maps to an empty set or is absent. */
    Map<String, Set<String>> tiers(Policy policy, List<CopyRecord> copies);
}
