package dev.lifeboat.resolverecoverypoint;

import static dev.lifeboat.shared.config.FunctionEnvironment.required;

import dev.lifeboat.shared.restore.ResourceKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * The template's restore settings: how often the workflow checks on a restore, how long each kind
 * may take, and what AWS Backup restores need. A request may override the timing.
 */
public record ResolverSettings(int pollSeconds, Map<ResourceKind, Integer> timeLimitSeconds, String auroraInstanceClass,
                               String backupVault, String backupRestoreRoleArn) {

    /** From the function's environment (see template.yaml); a variable that is missing or not a number fails loudly. */
    public static ResolverSettings fromEnvironment(Map<String, String> environment) {
        Map<ResourceKind, Integer> limits = new EnumMap<>(ResourceKind.class);
        limits.put(ResourceKind.EBS_VOLUME, seconds(environment, "EBS_TIME_LIMIT_SECONDS"));
        limits.put(ResourceKind.RDS_INSTANCE, seconds(environment, "RDS_TIME_LIMIT_SECONDS"));
        limits.put(ResourceKind.AURORA_CLUSTER, seconds(environment, "AURORA_TIME_LIMIT_SECONDS"));
        limits.put(ResourceKind.BACKUP_RECOVERY_POINT, seconds(environment, "BACKUP_TIME_LIMIT_SECONDS"));
        return new ResolverSettings(seconds(environment, "POLL_SECONDS"), limits,
                required(environment, "AURORA_INSTANCE_CLASS"), required(environment, "BACKUP_VAULT"),
                required(environment, "BACKUP_RESTORE_ROLE_ARN"));
    }

    private static int seconds(Map<String, String> environment, String name) {
        String value = required(environment, name);
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds < 1) {
                throw new NumberFormatException("less than 1");
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be a whole number of seconds, at least 1, but is '" + value + "'");
        }
    }
}
