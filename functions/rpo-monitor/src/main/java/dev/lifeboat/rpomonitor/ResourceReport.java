package dev.lifeboat.rpomonitor;

import java.time.Instant;
import java.util.Optional;

/**
 * One protected resource's line in the monitor's result (the handler returns these as JSON).
 *
 * @param policySource   where the policy name came from: {@code primary-tag}, {@code copy-tag} or {@code default}
 * @param rpoHours       the policy's RPO; empty when the policy is unknown
 * @param problem        for a breach: why, in words (over the RPO by how much, unknown policy, no copy)
 */
public record ResourceReport(String sourceArn, String resourceType, String sourceRegion, String policy, String policySource,
                             Optional<Double> rpoHours, Optional<String> newestCopyId, Optional<String> newestCopyType,
                             Optional<Instant> newestCopyTime, Optional<Double> ageHours, RpoStatus status, Optional<String> problem,
                             int completedCopies, int copiesInProgress, boolean seenInPrimaryRegion) {

    /** True when the policy named by the resource is not in the policy document (or the document cannot be read). */
    public boolean policyUnknown() {
        return rpoHours.isEmpty();
    }
}
