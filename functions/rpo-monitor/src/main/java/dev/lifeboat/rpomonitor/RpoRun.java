package dev.lifeboat.rpomonitor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one run of the monitor found: every protected resource's report, whether each source of
 * truth answered, and what was done about alerts.
 *
 * @param primaryRegion          the primary region listed for tagged resources; empty when none is configured
 * @param primaryRegionReachable whether it answered (false also when none is configured)
 * @param recoveryVault          the AWS Backup vault listed; empty when none is configured
 * @param recoveryVaultReadable  whether its recovery points could be listed
 */
public record RpoRun(Instant checkedAt, String recoveryRegion, Optional<String> primaryRegion, boolean primaryRegionReachable,
                     Optional<String> recoveryVault, boolean recoveryVaultReadable, List<ResourceReport> resources,
                     RpoAlerting.Outcome alerts) {

    public long compliant() {
        return resources.stream().filter(r -> r.status() == RpoStatus.COMPLIANT).count();
    }

    /** Resources not compliant: over their RPO, with an unknown policy, or without any copy. */
    public long breached() {
        return resources.stream().filter(r -> r.status().isProblem()).count();
    }

    public long withoutCopy() {
        return resources.stream().filter(r -> r.status() == RpoStatus.NO_COPY).count();
    }
}
