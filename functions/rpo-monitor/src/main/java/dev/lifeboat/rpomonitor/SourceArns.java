package dev.lifeboat.rpomonitor;

import dev.lifeboat.shared.restore.ResourceKind;
import java.util.Optional;

/**
 * The ARN a protected resource is reported under, built the same way from a copy's provenance
 * tags and from the primary region's own listing, so both views meet on one key (AWS Backup names
 * the same ARNs as a recovery point's {@code ResourceArn}).
 */
final class SourceArns {

    private SourceArns() {
    }

    static String partition(String region) {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    static String of(ResourceKind kind, String region, String account, String id) {
        String prefix = "arn:" + partition(region) + ":";
        return switch (kind) {
            case EBS_VOLUME -> prefix + "ec2:" + region + ":" + account + ":volume/" + id;
            case RDS_INSTANCE -> prefix + "rds:" + region + ":" + account + ":db:" + id;
            case AURORA_CLUSTER -> prefix + "rds:" + region + ":" + account + ":cluster:" + id;
            case BACKUP_RECOVERY_POINT -> throw new IllegalArgumentException("an AWS Backup recovery point names its resource's ARN itself");
        };
    }

    /** The region field of an ARN, if it has one. */
    static Optional<String> region(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length >= 5 && parts[0].equals("arn") && !parts[3].isEmpty() ? Optional.of(parts[3]) : Optional.empty();
    }

    /** The account field of an ARN, if it has one. */
    static Optional<String> account(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length >= 5 && parts[0].equals("arn") && !parts[4].isEmpty() ? Optional.of(parts[4]) : Optional.empty();
    }

    /** The monitor's resource type for an AWS Backup {@code ResourceType} ({@code EBS}, {@code RDS}, {@code Aurora}, {@code EFS} …). */
    static String fromBackupResourceType(String backupType, String resourceArn) {
        return switch (backupType) {
            case "EBS" -> ResourceKind.EBS_VOLUME.wireName();
            case "RDS" -> resourceArn.contains(":cluster:") ? ResourceKind.AURORA_CLUSTER.wireName() : ResourceKind.RDS_INSTANCE.wireName();
            case "Aurora" -> ResourceKind.AURORA_CLUSTER.wireName();
            default -> "backup:" + (backupType.isBlank() ? "unknown" : backupType);
        };
    }
}
