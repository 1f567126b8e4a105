package dev.lifeboat.copysnapshot;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How many copies of each resource type may be in flight to one destination at a time. The
 * defaults are AWS's quotas: 20 concurrent EBS snapshot copies per destination Region, 20 RDS DB
 * snapshot copies, 5 Aurora DB cluster snapshot copies, and 100 AWS Backup copy jobs outbound to
 * a destination Region. {@code COPY_CAP_<TYPE>} overrides one (a raised quota, or a test).
 */
record CopyCaps(Map<String, Integer> caps) {

    static final Map<String, Integer> AWS_DEFAULTS = Map.of(
            ResourceTypes.EBS_SNAPSHOT, 20,
            ResourceTypes.RDS_SNAPSHOT, 20,
            ResourceTypes.AURORA_CLUSTER_SNAPSHOT, 5,
            ResourceTypes.BACKUP_RECOVERY_POINT, 100);

    CopyCaps {
        caps = Map.copyOf(caps);
    }

    /** The caps from {@code COPY_CAP_EBS_SNAPSHOT}, {@code COPY_CAP_RDS_SNAPSHOT}, … or AWS's defaults. */
    static CopyCaps fromEnvironment(Map<String, String> environment) {
        Map<String, Integer> caps = new HashMap<>(AWS_DEFAULTS);
        for (String type : ResourceTypes.ALL) {
            String name = "COPY_CAP_" + type.toUpperCase(Locale.ROOT).replace('-', '_');
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                try {
                    int cap = Integer.parseInt(value.trim());
                    if (cap < 1) {
                        throw new NumberFormatException();
                    }
                    caps.put(type, cap);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("environment variable " + name + " must be a whole number ≥ 1, got '" + value + "'");
                }
            }
        }
        return new CopyCaps(caps);
    }

    int of(String resourceType) {
        return caps.getOrDefault(resourceType, 1);
    }
}
