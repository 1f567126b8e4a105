package dev.lifeboat.restorevalidate;

import static dev.lifeboat.shared.restore.RestJsonApi.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.restore.ResourceKind;
import dev.lifeboat.shared.restore.RestJsonApi;
import dev.lifeboat.shared.restore.RestoreRequest.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

/** {@link RestoredResources} on EC2, RDS and AWS Backup in the recovery region; each client is built on first use. */
public final class RecoveryRegionResources implements RestoredResources {

    private final Supplier<Ec2Client> ec2;
    private final Supplier<RdsClient> rds;
    private final Supplier<RestJsonApi> backup;

    public RecoveryRegionResources(Supplier<Ec2Client> ec2, Supplier<RdsClient> rds, Supplier<RestJsonApi> backup) {
        this.ec2 = ec2;
        this.rds = rds;
        this.backup = backup;
    }

    @Override
    public Optional<RestoredResource> describe(JsonNode plan, String restoredId) {
        ResourceKind kind = ResourceKind.fromWireName(plan.path("resourceType").asText())
                .orElseThrow(() -> new IllegalArgumentException("the plan names no known resourceType"));
        String recoveryPoint = plan.path("recoveryPoint").path("id").asText();
        return switch (kind) {
            case EBS_VOLUME -> volume(restoredId, recoveryPoint);
            case RDS_INSTANCE -> instance(restoredId).map(instance -> new RestoredResource(instance.dbInstanceIdentifier(),
                    instance.dbInstanceArn(), instance.dbInstanceStatus(), "available".equals(instance.dbInstanceStatus()),
                    restoredFrom(instance.tagList(), recoveryPoint, instance.dbInstanceIdentifier()),
                    Optional.ofNullable(instance.endpoint()).map(e -> new Endpoint(e.address(), e.port()))));
            case AURORA_CLUSTER -> cluster(restoredId, plan, recoveryPoint);
            case BACKUP_RECOVERY_POINT -> restoreJob(restoredId, plan);
        };
    }

    private Optional<RestoredResource> volume(String volumeId, String recoveryPoint) {
        List<Volume> volumes;
        try {
            volumes = ec2.get().describeVolumes(r -> r.volumeIds(volumeId)).volumes();
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            if (e.awsErrorDetails() != null && "InvalidVolume.NotFound".equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
        return volumes.stream().findFirst().map(volume -> new RestoredResource(volume.volumeId(), "", volume.stateAsString(),
                volume.state() == VolumeState.AVAILABLE,
                recoveryPoint.equals(volume.snapshotId()) ? List.of()
                        : List.of(volume.volumeId() + " was created from " + volume.snapshotId() + ", not from " + recoveryPoint),
                Optional.empty()));
    }

    private Optional<DBInstance> instance(String identifier) {
        try {
            return rds.get().describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<RestoredResource> cluster(String identifier, JsonNode plan, String recoveryPoint) {
        Optional<DBCluster> found;
        try {
            found = rds.get().describeDBClusters(r -> r.dbClusterIdentifier(identifier)).dbClusters().stream().findFirst();
        } catch (DbClusterNotFoundException e) {
            return Optional.empty();
        }
        return found.map(cluster -> {
            List<String> waiting = new ArrayList<>();
            plan.path("instanceIdentifiers").forEach(id -> {
                String status = instance(id.asText()).map(DBInstance::dbInstanceStatus).orElse("missing");
                if (!"available".equals(status)) {
                    waiting.add("instance " + id.asText() + " is " + status);
                }
            });
            boolean available = "available".equals(cluster.status()) && waiting.isEmpty();
            String status = "cluster " + cluster.status() + (waiting.isEmpty() ? ", " + plan.path("instanceIdentifiers").size()
                    + " instance(s) available" : "; " + String.join(", ", waiting));
            return new RestoredResource(cluster.dbClusterIdentifier(), cluster.dbClusterArn(), status, available,
                    restoredFrom(cluster.tagList(), recoveryPoint, cluster.dbClusterIdentifier()),
                    Optional.ofNullable(cluster.endpoint()).map(address -> new Endpoint(address, cluster.port() == null ? 0 : cluster.port())));
        });
    }

    /** The restore job, as {@code DescribeRestoreJob} documents it; the resource is what it created. */
    private Optional<RestoredResource> restoreJob(String restoreJobId, JsonNode plan) {
        JsonNode job;
        try {
            job = backup.get().get("/restore-jobs/" + segment(restoreJobId), Map.of());
        } catch (RestJsonApi.ApiException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
        String status = job.path("Status").asText();
        String created = job.path("CreatedResourceArn").asText("");
        String expected = plan.path("recoveryPoint").path("arn").asText();
        List<String> mismatches = new ArrayList<>();
        if (!expected.equals(job.path("RecoveryPointArn").asText(expected))) {
            mismatches.add("restore job " + restoreJobId + " restored " + job.path("RecoveryPointArn").asText() + ", not " + expected);
        }
        if (created.isEmpty()) {
            mismatches.add("restore job " + restoreJobId + " names no created resource");
        }
        return Optional.of(new RestoredResource(created.isEmpty() ? restoreJobId : created, created,
                "restore job " + status, "COMPLETED".equals(status), mismatches, Optional.empty()));
    }

    private static List<String> restoredFrom(List<Tag> tags, String recoveryPoint, String id) {
        String tagged = tags == null ? null : tags.stream().filter(tag -> LifeboatTags.RESTORED_FROM.equals(tag.key()))
                .map(Tag::value).findFirst().orElse(null);
        if (recoveryPoint.equals(tagged)) {
            return List.of();
        }
        return List.of(id + " is tagged " + LifeboatTags.RESTORED_FROM + "=" + tagged + ", not " + recoveryPoint);
    }
}
