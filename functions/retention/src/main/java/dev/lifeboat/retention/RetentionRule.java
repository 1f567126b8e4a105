package dev.lifeboat.retention;

import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.RetentionTiers;
import java.time.ZoneId;

/** What retention needs of a policy: its tiers, the zone its calendar is in, and when EBS copies go to the archive tier (0 never). */
public record RetentionRule(String policy, RetentionTiers tiers, ZoneId zone, int archiveAfterDays) {

    public static RetentionRule of(Policy policy) {
        return new RetentionRule(policy.name(), policy.retention(), policy.timeZone(), policy.archiveAfterDays());
    }
}
