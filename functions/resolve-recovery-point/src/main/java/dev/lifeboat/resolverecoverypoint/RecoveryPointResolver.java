package dev.lifeboat.resolverecoverypoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.restore.InvalidRestoreRequestException;
import dev.lifeboat.shared.restore.ResourceKind;
import dev.lifeboat.shared.restore.RestoreRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The restore workflow's first state: checks the request, finds the recovery point in the recovery
 * region (the newest ready Lifeboat copy of the source resource, or the named one, which must be a
 * copy of it), and plans the restore: the exact parameters of the restore API call, the names of
 * what it creates, the poll interval and the number of checks the type's time limit allows.
 *
 * <p>The API parameters are spelled as Step Functions' AWS SDK integrations take them: the AWS SDK
 * for Java v2 member names, which write acronyms as words ({@code DbInstanceIdentifier}, not the API
 * reference's {@code DBInstanceIdentifier}). An AWS Backup restore's {@code Metadata} is a string
 * map, not SDK members: its keys stay as AWS Backup documents them.
 * Every parameter the workflow's task names is always present,
 * defaults spelled out: a JSONPath reference to a missing field fails the task.
 *
 * <p>The answer is the workflow's next state: {@code {"request", "plan"}}, or
 * {@code {"request", "failure": {"error", "cause"}}} when the request cannot be carried out.
 */
public final class RecoveryPointResolver {

    public static final String INVALID_REQUEST = "Lifeboat.InvalidRestoreRequest";
    public static final String NO_RECOVERY_POINT = "Lifeboat.NoRecoveryPoint";
    public static final String RECOVERY_POINT_MISMATCH = "Lifeboat.RecoveryPointMismatch";
    public static final String RECOVERY_POINT_NOT_READY = "Lifeboat.RecoveryPointNotReady";

    /** What EC2 creates when CreateVolume names no type would be gp2; gp3 is cheaper for the same baseline. */
    static final String DEFAULT_VOLUME_TYPE = "gp3";

    private final RecoveryPoints recoveryPoints;
    private final ResolverSettings settings;
    private final String region;

    public RecoveryPointResolver(RecoveryPoints recoveryPoints, ResolverSettings settings, String region) {
        this.recoveryPoints = recoveryPoints;
        this.settings = settings;
        this.region = region;
    }

    /** The next state of the workflow for {@code request}, in execution {@code executionName}. */
    public ObjectNode resolve(JsonNode request, String executionName) {
        ObjectNode state = Json.MAPPER.createObjectNode();
        state.set("request", request == null ? Json.MAPPER.nullNode() : request.deepCopy());
        RestoreRequest parsed;
        try {
            parsed = RestoreRequest.parse(request);
        } catch (InvalidRestoreRequestException e) {
            return failure(state, INVALID_REQUEST, "The restore request is invalid: " + e.getMessage());
        }
        Optional<RecoveryPoint> found = find(parsed);
        if (found.isEmpty()) {
            return failure(state, NO_RECOVERY_POINT, parsed.recoveryPoint().equals(RestoreRequest.LATEST)
                    ? "No " + parsed.kind().copyType() + " copy of " + SafeText.bounded(parsed.sourceResource(), 200) + " exists in "
                    + region + " (looked for " + (parsed.kind() == ResourceKind.BACKUP_RECOVERY_POINT
                    ? "completed recovery points in backup vault " + settings.backupVault() : "copies tagged " + LifeboatTags.MANAGED
                    + "=true, " + LifeboatTags.RESOURCE_TYPE + "=" + parsed.kind().copyType() + ", " + LifeboatTags.SOURCE_RESOURCE
                    + "=" + SafeText.bounded(parsed.sourceResource(), 200)) + ")"
                    : "Recovery point " + SafeText.bounded(parsed.recoveryPoint(), 200) + " does not exist in " + region);
        }
        RecoveryPoint point = found.get();
        if (!point.sourceResource().equals(parsed.sourceResource())) {
            return failure(state, RECOVERY_POINT_MISMATCH, "Recovery point " + point.id() + " is a copy of "
                    + SafeText.bounded(point.sourceResource(), 200) + ", not of " + SafeText.bounded(parsed.sourceResource(), 200));
        }
        if (!point.ready()) {
            return failure(state, RECOVERY_POINT_NOT_READY, "Recovery point " + point.id() + " is not ready to restore from yet (still copying)");
        }
        try {
            state.set("plan", plan(parsed, point, executionName));
        } catch (InvalidRestoreRequestException e) {
            return failure(state, INVALID_REQUEST, "The restore request is invalid: " + e.getMessage());
        }
        return state;
    }

    private Optional<RecoveryPoint> find(RestoreRequest request) {
        if (!request.recoveryPoint().equals(RestoreRequest.LATEST)) {
            return recoveryPoints.named(request.kind(), request.recoveryPoint());
        }
        return recoveryPoints.copiesOf(request.kind(), request.sourceResource()).stream()
                .filter(RecoveryPoint::ready)
                .max(Comparator.comparing(RecoveryPoint::createdAt).thenComparing(RecoveryPoint::id));
    }

    private ObjectNode plan(RestoreRequest request, RecoveryPoint point, String executionName) {
        ObjectNode plan = Json.MAPPER.createObjectNode();
        plan.put("resourceType", request.kind().wireName());
        plan.put("sourceResource", request.sourceResource());
        plan.put("execution", executionName);
        ObjectNode recoveryPoint = plan.putObject("recoveryPoint");
        recoveryPoint.put("id", point.id());
        recoveryPoint.put("arn", point.arn());
        recoveryPoint.put("createdAt", point.createdAt().toString());
        String identifier = request.target().identifier().orElseGet(() -> identifier(request.sourceResource(), executionName));
        plan.put("targetIdentifier", identifier);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", identifier);
        tags.put(LifeboatTags.RESTORED_BY, executionName);
        tags.put(LifeboatTags.RESTORED_FROM, point.id());
        tags.put(LifeboatTags.SOURCE_RESOURCE, request.sourceResource());
        switch (request.kind()) {
            case EBS_VOLUME -> ebs(plan, request, point, tags, executionName);
            case RDS_INSTANCE -> rds(plan, request, point, identifier, tags);
            case AURORA_CLUSTER -> aurora(plan, request, point, identifier, tags);
            case BACKUP_RECOVERY_POINT -> backup(plan, request, point, identifier, executionName);
        }
        int poll = request.timing().pollSeconds().orElse(settings.pollSeconds());
        int limit = request.timing().timeLimitSeconds().orElse(settings.timeLimitSeconds().get(request.kind()));
        plan.put("pollSeconds", poll);
        plan.put("timeLimitSeconds", limit);
        plan.put("maxPolls", Math.max(1, (limit + poll - 1) / poll));
        plan.put("cleanupOnFailure", request.cleanupOnFailure());
        request.dnsCutover().ifPresent(dns -> plan.putObject("dnsCutover").put("hostedZoneId", dns.hostedZoneId())
                .put("recordName", dns.recordName()).put("ttl", dns.ttl()));
        return plan;
    }

    private void ebs(ObjectNode plan, RestoreRequest request, RecoveryPoint point, Map<String, String> tags, String executionName) {
        ObjectNode api = plan.putObject("restoreRequest");
        api.put("SnapshotId", point.id());
        api.put("AvailabilityZone", request.target().availabilityZone().orElseGet(recoveryPoints::defaultAvailabilityZone));
        api.put("VolumeType", request.target().volumeType().orElse(DEFAULT_VOLUME_TYPE));
        // a retried CreateVolume creates no second volume
        api.put("ClientToken", executionName);
        ObjectNode spec = api.putArray("TagSpecifications").addObject();
        spec.put("ResourceType", "volume");
        spec.set("Tags", tagList(tags));
    }

    private void rds(ObjectNode plan, RestoreRequest request, RecoveryPoint point, String identifier, Map<String, String> tags) {
        ObjectNode api = plan.putObject("restoreRequest");
        api.put("DbInstanceIdentifier", identifier);
        api.put("DbSnapshotIdentifier", point.id());
        api.put("DbInstanceClass", request.target().instanceClass().orElseThrow());
        placement(api, request);
        api.set("Tags", tagList(tags));
        plan.put("waitForInstance", identifier);
    }

    private void aurora(ObjectNode plan, RestoreRequest request, RecoveryPoint point, String identifier, Map<String, String> tags) {
        String engine = point.engine().orElse("aurora-postgresql");
        ObjectNode api = plan.putObject("restoreRequest");
        api.put("DbClusterIdentifier", identifier);
        api.put("SnapshotIdentifier", point.id());
        api.put("Engine", engine);
        placement(api, request);
        api.set("Tags", tagList(tags));
        ArrayNode instances = plan.putArray("instanceRequests");
        ArrayNode instanceIds = plan.putArray("instanceIdentifiers");
        for (int i = 1; i <= request.target().instanceCount(); i++) {
            String instanceId = trimIdentifier(identifier, "-" + i);
            Map<String, String> instanceTags = new LinkedHashMap<>(tags);
            instanceTags.put("Name", instanceId);
            ObjectNode instance = instances.addObject();
            instance.put("DbInstanceIdentifier", instanceId);
            instance.put("DbClusterIdentifier", identifier);
            instance.put("Engine", engine);
            instance.put("DbInstanceClass", request.target().instanceClass().orElse(settings.auroraInstanceClass()));
            instance.set("Tags", tagList(instanceTags));
            instanceIds.add(instanceId);
        }
        plan.put("waitForInstance", instanceIds.get(0).asText());
    }

    private void backup(ObjectNode plan, RestoreRequest request, RecoveryPoint point, String identifier, String executionName) {
        Map<String, String> metadata = new LinkedHashMap<>(recoveryPoints.restoreMetadata(point.arn()));
        request.target().availabilityZone().ifPresent(zone -> metadata.put("availabilityZone", zone));
        for (String key : List.of("DBInstanceIdentifier", "DBClusterIdentifier")) {
            if (metadata.containsKey(key)) {
                metadata.put(key, identifier);
            }
        }
        request.target().instanceClass().ifPresent(v -> metadata.put("DBInstanceClass", v));
        request.target().subnetGroup().ifPresent(v -> metadata.put("DBSubnetGroupName", v));
        ObjectNode api = plan.putObject("restoreRequest");
        api.put("RecoveryPointArn", point.arn());
        api.put("IamRoleArn", settings.backupRestoreRoleArn());
        // a retried or repeated state starts no second restore job
        api.put("IdempotencyToken", executionName);
        ObjectNode metadataJson = api.putObject("Metadata");
        metadata.forEach(metadataJson::put);
    }

    /**
     * Where a database lands: the request's subnet group, and its security groups, else the
     * {@code default} security group of the subnet group's VPC (what RDS would pick), spelled out
     * because the workflow passes every parameter.
     */
    private void placement(ObjectNode api, RestoreRequest request) {
        String subnetGroup = request.target().subnetGroup().orElseThrow();
        api.put("DbSubnetGroupName", subnetGroup);
        List<String> groups = request.target().securityGroups().isEmpty()
                ? List.of(recoveryPoints.defaultSecurityGroup(subnetGroup)) : request.target().securityGroups();
        groups.forEach(api.putArray("VpcSecurityGroupIds")::add);
    }

    private static ArrayNode tagList(Map<String, String> tags) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        tags.forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
        return list;
    }

    /**
     * A DB identifier for the restored resource: the source's name (letters, digits, hyphens) and
     * a short digest of the execution, so a rerun of one execution names the same resource and two
     * executions never collide.
     */
    static String identifier(String sourceResource, String executionName) {
        String base = sourceResource.substring(sourceResource.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-").replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        String suffix = "-r" + digest(executionName).substring(0, 8);
        return trimIdentifier(base.isEmpty() ? "restore" : base, suffix);
    }

    private static String trimIdentifier(String base, String suffix) {
        int room = 63 - suffix.length();
        String head = base.length() > room ? base.substring(0, room) : base;
        return head.replaceAll("-+$", "") + suffix;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode failure(ObjectNode state, String error, String cause) {
        state.putObject("failure").put("error", error).put("cause", cause);
        return state;
    }
}
