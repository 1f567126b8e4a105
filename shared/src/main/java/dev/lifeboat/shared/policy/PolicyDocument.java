package dev.lifeboat.shared.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The policy document: every named policy, as one JSON object kept in an SSM parameter.
 * <pre>{@code
 * {"policies": {"gold": {"rpoHours": 4, "recoveryRegion": "us-west-2", "recoveryAccount": "222233334444",
 *   "recoveryKmsKey": "alias/lifeboat-recovery", "retention": {"daily": 7, "weekly": 4, "monthly": 12, "yearly": 3},
 *   "archiveAfterDays": 90, "timeZone": "Europe/Berlin",
 *   "backupLifecycle": {"moveToColdStorageAfterDays": 30, "deleteAfterDays": 365},
 *   "drills": {"enabled": true, "recentDays": 7, "subnetGroup": "lifeboat-drill", "securityGroups": ["sg-0drill"],
 *              "availabilityZone": "us-west-2a"}}},
 *  "prices": {"ebsSnapshotStandard": 0.05, "ebsSnapshotArchive": 0.0125, "rdsSnapshot": 0.095,
 *             "auroraSnapshot": 0.021, "backupWarm": 0.05, "backupCold": 0.01}}
 * }</pre>
 * Prices are US dollars per GB-month, for the health report's cost estimate; each defaults to AWS's
 * us-east-1 list price.
 * A field a policy leaves out takes the default policy's value; the default policy itself comes
 * from the template's parameters and may be overridden by a policy named {@code default}.
 */
public final class PolicyDocument {

    public static final String DEFAULT_POLICY_NAME = "default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:+=@-]{1,128}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final long MAX_RPO_MINUTES = 87_600L * 60;
    private static final Policy BUILT_IN = new Policy(DEFAULT_POLICY_NAME, Duration.ofHours(24), "us-west-2",
            Optional.empty(), "alias/lifeboat-recovery", RetentionTiers.DEFAULT, 0, ZoneOffset.UTC);

    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{1,17}");

    private final Map<String, Policy> policies;
    private final StoragePrices prices;

    private PolicyDocument(Map<String, Policy> policies, StoragePrices prices) {
        this.policies = Map.copyOf(policies);
        this.prices = prices;
    }

    /** The policy named {@code name}, if the document or the default defines it. */
    public Optional<Policy> find(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    public Map<String, Policy> policies() {
        return policies;
    }

    /** The storage prices, per GB-month, the health report estimates cost with. */
    public StoragePrices prices() {
        return prices;
    }

    /** A document holding only the default policy. */
    public static PolicyDocument onlyDefault(Policy defaultPolicy) {
        return new PolicyDocument(Map.of(DEFAULT_POLICY_NAME, defaultPolicy), StoragePrices.DEFAULT);
    }

    /** Reads the default policy from its JSON form (the template builds it from its parameters). */
    public static Policy parseDefault(String json) {
        if (json == null || json.isBlank()) {
            return BUILT_IN;
        }
        return policy(DEFAULT_POLICY_NAME, readTree(json, "DEFAULT_POLICY"), BUILT_IN, "DEFAULT_POLICY");
    }

    /** Parses a policy document; an invalid one is rejected whole, naming the field. */
    public static PolicyDocument parse(String json, Policy defaultPolicy) {
        JsonNode root = readTree(json, "policy document");
        JsonNode list = root.get("policies");
        if (list == null || !list.isObject()) {
            throw new InvalidPolicyException("policies", "expected an object of named policies");
        }
        Policy base = list.has(DEFAULT_POLICY_NAME)
                ? policy(DEFAULT_POLICY_NAME, list.get(DEFAULT_POLICY_NAME), defaultPolicy, "policies.default")
                : defaultPolicy;
        Map<String, Policy> policies = new LinkedHashMap<>();
        policies.put(DEFAULT_POLICY_NAME, base);
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = "policies." + SafeText.bounded(entry.getKey(), 64);
            if (!NAME.matcher(entry.getKey()).matches()) {
                throw new InvalidPolicyException(path, "a policy name is 1 to 128 letters, digits or _.:+=@-");
            }
            if (!entry.getKey().equals(DEFAULT_POLICY_NAME)) {
                policies.put(entry.getKey(), policy(entry.getKey(), entry.getValue(), base, path));
            }
        }
        return new PolicyDocument(policies, prices(root.get("prices"), "prices"));
    }

    private static StoragePrices prices(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return StoragePrices.DEFAULT;
        }
        if (!node.isObject()) {
            throw new InvalidPolicyException(path, "expected an object of prices per GB-month");
        }
        StoragePrices base = StoragePrices.DEFAULT;
        return new StoragePrices(
                price(node, "ebsSnapshotStandard", path, base.ebsSnapshotStandard()),
                price(node, "ebsSnapshotArchive", path, base.ebsSnapshotArchive()),
                price(node, "rdsSnapshot", path, base.rdsSnapshot()),
                price(node, "auroraSnapshot", path, base.auroraSnapshot()),
                price(node, "backupWarm", path, base.backupWarm()),
                price(node, "backupCold", path, base.backupCold()));
    }

    private static double price(JsonNode node, String field, String path, double fallback) {
        double value = number(node, field, path, fallback);
        if (value < 0) {
            throw new InvalidPolicyException(path + "." + field, "expected a price of 0 or more US dollars per GB-month");
        }
        return value;
    }

    private static JsonNode readTree(String json, String what) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new InvalidPolicyException("", "the " + what + " is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException("", "the " + what + " is not JSON (" + SafeText.bounded(e.getOriginalMessage(), 120) + ")");
        }
    }

    private static Policy policy(String name, JsonNode node, Policy base, String path) {
        if (!node.isObject()) {
            throw new InvalidPolicyException(path, "expected an object");
        }
        double rpoHours = number(node, "rpoHours", path, base.rpo().toMinutes() / 60.0);
        if (rpoHours <= 0) {
            throw new InvalidPolicyException(path + ".rpoHours", "must be positive");
        }
        long rpoMinutes = Math.round(rpoHours * 60);
        if (rpoMinutes < 1 || rpoMinutes > MAX_RPO_MINUTES) {
            throw new InvalidPolicyException(path + ".rpoHours", "must be between 1 minute (0.0167) and 87600 hours (10 years)");
        }
        String region = text(node, "recoveryRegion", path, base.recoveryRegion());
        if (!REGION.matcher(region).matches()) {
            throw new InvalidPolicyException(path + ".recoveryRegion", "not an AWS region: '" + SafeText.bounded(region, 40) + "'");
        }
        String account = text(node, "recoveryAccount", path, base.recoveryAccount().orElse(""));
        if (!account.isEmpty() && !ACCOUNT.matcher(account).matches()) {
            throw new InvalidPolicyException(path + ".recoveryAccount", "not a 12-digit account id");
        }
        String key = text(node, "recoveryKmsKey", path, base.recoveryKmsKey());
        if (key.isBlank()) {
            throw new InvalidPolicyException(path + ".recoveryKmsKey", "must name the recovery region's KMS key");
        }
        double archiveDays = number(node, "archiveAfterDays", path, base.archiveAfterDays());
        if (archiveDays < 0) {
            throw new InvalidPolicyException(path + ".archiveAfterDays", "must not be negative");
        }
        if (archiveDays != Math.floor(archiveDays) || archiveDays > Integer.MAX_VALUE) {
            throw new InvalidPolicyException(path + ".archiveAfterDays", "expected a whole number of days");
        }
        int archive = (int) archiveDays;
        ZoneId zone;
        String zoneText = text(node, "timeZone", path, base.timeZone().getId());
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw new InvalidPolicyException(path + ".timeZone", "not a time zone: '" + SafeText.bounded(zoneText, 40) + "'");
        }
        return new Policy(name, Duration.ofMinutes(rpoMinutes), region,
                account.isEmpty() ? Optional.empty() : Optional.of(account), key,
                retention(node.get("retention"), base.retention(), path + ".retention"), archive, zone,
                lifecycle(node.get("backupLifecycle"), base.backupLifecycle(), path + ".backupLifecycle"),
                drills(node.get("drills"), base.drills(), path + ".drills"));
    }

    private static DrillSettings drills(JsonNode node, DrillSettings base, String path) {
        if (node == null || node.isNull()) {
            return base;
        }
        if (!node.isObject()) {
            throw new InvalidPolicyException(path, "expected an object with enabled, recentDays, subnetGroup, securityGroups, availabilityZone");
        }
        JsonNode enabledNode = node.get("enabled");
        boolean enabled = base.enabled();
        if (enabledNode != null && !enabledNode.isNull()) {
            if (!enabledNode.isBoolean()) {
                throw new InvalidPolicyException(path + ".enabled", "expected true or false");
            }
            enabled = enabledNode.asBoolean();
        }
        int recentDays = days(node, "recentDays", path, base.recentDays());
        if (recentDays < 1) {
            throw new InvalidPolicyException(path + ".recentDays", "expected a whole number of days, 1 or more");
        }
        String subnetGroup = text(node, "subnetGroup", path, base.subnetGroup().orElse(""));
        if (!subnetGroup.isEmpty() && !NAME.matcher(subnetGroup).matches()) {
            throw new InvalidPolicyException(path + ".subnetGroup", "not a DB subnet group name");
        }
        String zone = text(node, "availabilityZone", path, base.availabilityZone().orElse(""));
        if (!zone.isEmpty() && !zone.matches("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}[a-z]")) {
            throw new InvalidPolicyException(path + ".availabilityZone", "not an availability zone: '" + SafeText.bounded(zone, 40) + "'");
        }
        List<String> groups = base.securityGroups();
        JsonNode groupsNode = node.get("securityGroups");
        if (groupsNode != null && !groupsNode.isNull()) {
            if (!groupsNode.isArray()) {
                throw new InvalidPolicyException(path + ".securityGroups", "expected a list of security group ids");
            }
            List<String> read = new ArrayList<>();
            for (int i = 0; i < groupsNode.size(); i++) {
                JsonNode group = groupsNode.get(i);
                if (!group.isTextual() || !SECURITY_GROUP.matcher(group.asText()).matches()) {
                    throw new InvalidPolicyException(path + ".securityGroups[" + i + "]", "not a security group id (sg-...)");
                }
                read.add(group.asText());
            }
            groups = read;
        }
        return new DrillSettings(enabled, recentDays, subnetGroup.isEmpty() ? Optional.empty() : Optional.of(subnetGroup),
                groups, zone.isEmpty() ? Optional.empty() : Optional.of(zone));
    }

    private static RetentionTiers retention(JsonNode node, RetentionTiers base, String path) {
        if (node == null || node.isNull()) {
            return base;
        }
        if (!node.isObject()) {
            throw new InvalidPolicyException(path, "expected an object with daily, weekly, monthly, yearly");
        }
        int daily = count(node, "daily", path, base.daily());
        int weekly = count(node, "weekly", path, base.weekly());
        int monthly = count(node, "monthly", path, base.monthly());
        int yearly = count(node, "yearly", path, base.yearly());
        return new RetentionTiers(daily, weekly, monthly, yearly);
    }

    private static BackupLifecycle lifecycle(JsonNode node, BackupLifecycle base, String path) {
        if (node == null || node.isNull()) {
            return base;
        }
        if (!node.isObject()) {
            throw new InvalidPolicyException(path, "expected an object with moveToColdStorageAfterDays, deleteAfterDays");
        }
        int cold = days(node, "moveToColdStorageAfterDays", path, base.moveToColdStorageAfterDays());
        int delete = days(node, "deleteAfterDays", path, base.deleteAfterDays());
        if (cold > 0 && delete > 0 && delete < cold + 90) {
            throw new InvalidPolicyException(path + ".deleteAfterDays",
                    "AWS Backup deletes at least 90 days after the move to cold storage: expected " + (cold + 90) + " or more");
        }
        return new BackupLifecycle(cold, delete);
    }

    private static int days(JsonNode node, String field, String path, int fallback) {
        double value = number(node, field, path, fallback);
        if (value < 0 || value != Math.floor(value) || value > Integer.MAX_VALUE) {
            throw new InvalidPolicyException(path + "." + field, "expected a whole number of days, 0 (never) or more");
        }
        return (int) value;
    }

    private static int count(JsonNode node, String field, String path, int fallback) {
        double value = number(node, field, path, fallback);
        if (value < 0 || value != Math.floor(value) || value > Integer.MAX_VALUE) {
            throw new InvalidPolicyException(path + "." + field, "expected a whole number of copies, 0 or more");
        }
        return (int) value;
    }

    private static double number(JsonNode node, String field, String path, double fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        double parsed = Double.NaN;
        if (value.isNumber()) {
            parsed = value.asDouble();
        } else if (value.isTextual()) {
            try {
                parsed = Double.parseDouble(value.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (!Double.isFinite(parsed)) {
            throw new InvalidPolicyException(path + "." + field, "expected a number");
        }
        return parsed;
    }

    private static String text(JsonNode node, String field, String path, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new InvalidPolicyException(path + "." + field, "expected a string");
        }
        return value.asText().trim();
    }
}
