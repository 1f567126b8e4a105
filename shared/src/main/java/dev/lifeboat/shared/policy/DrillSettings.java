package dev.lifeboat.shared.policy;

import java.util.List;
import java.util.Optional;

/**
 * Whether, and into what, scheduled restore drills restore this policy's copies. A drill restores a
 * random copy no older than {@code recentDays} into an isolated target and never cuts DNS over.
 *
 * @param enabled          drills run for resources under this policy
 * @param recentDays       pick among copies made in the last so many days
 * @param subnetGroup      the isolated DB subnet group restored databases go into (required for RDS and Aurora drills)
 * @param securityGroups   the isolated security groups restored databases get
 * @param availabilityZone where drill volumes are created; empty for the resolver's choice
 */
public record DrillSettings(boolean enabled, int recentDays, Optional<String> subnetGroup,
                            List<String> securityGroups, Optional<String> availabilityZone) {

    public static final DrillSettings OFF = new DrillSettings(false, 7, Optional.empty(), List.of(), Optional.empty());

    public DrillSettings {
        if (recentDays < 1) {
            throw new IllegalArgumentException("recentDays must be 1 or more");
        }
        securityGroups = List.copyOf(securityGroups);
    }
}
