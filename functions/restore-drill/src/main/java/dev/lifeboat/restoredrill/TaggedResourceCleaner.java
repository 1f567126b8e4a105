package dev.lifeboat.restoredrill;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * {@link RestoredResourceCleaner} for what the restore workflow creates: EBS volumes, RDS
 * instances, and Aurora clusters with their instances (instances first, then the cluster).
 * Only resources carrying {@code lifeboat:restored-by} with the execution's name are touched, which
 * is also what the function's IAM policy allows.
 */
public final class TaggedResourceCleaner implements RestoredResourceCleaner {

    /** Error codes that mean "not in a state to be deleted yet": the cleanup is retried later. */
    private static final Set<String> NOT_YET = Set.of("IncorrectState", "VolumeInUse", "InvalidDBInstanceState", "InvalidDBInstanceStateFault",
            "InvalidDBClusterStateFault", "InvalidDBClusterState");
    private static final Set<String> GONE = Set.of("InvalidVolume.NotFound", "DBInstanceNotFound", "DBInstanceNotFoundFault",
            "DBClusterNotFoundFault", "DBClusterNotFound");

    private final Ec2Client ec2;
    private final RdsClient rds;

    public TaggedResourceCleaner(Ec2Client ec2, RdsClient rds) {
        this.ec2 = ec2;
        this.rds = rds;
    }

    @Override
    public Cleanup cleanUp(String executionName) {
        List<String> deleted = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Volume volume : volumes(executionName)) {
            if (volume.state() == VolumeState.DELETING || volume.state() == VolumeState.DELETED) {
                deleted.add("volume " + volume.volumeId());
                continue;
            }
            attempt("volume " + volume.volumeId(), () -> ec2.deleteVolume(r -> r.volumeId(volume.volumeId())), deleted, pending, failed);
        }
        List<DBInstance> instances = instances(executionName);
        for (DBInstance instance : instances) {
            String what = "DB instance " + instance.dbInstanceIdentifier();
            if ("deleting".equals(instance.dbInstanceStatus())) {
                deleted.add(what);
                continue;
            }
            boolean inCluster = instance.dbClusterIdentifier() != null && !instance.dbClusterIdentifier().isEmpty();
            attempt(what, () -> rds.deleteDBInstance(r -> {
                r.dbInstanceIdentifier(instance.dbInstanceIdentifier()).skipFinalSnapshot(true);
                if (!inCluster) {
                    r.deleteAutomatedBackups(true);
                }
            }), deleted, pending, failed);
        }
        for (DBCluster cluster : clusters(executionName)) {
            String what = "DB cluster " + cluster.dbClusterIdentifier();
            if ("deleting".equals(cluster.status())) {
                deleted.add(what);
                continue;
            }
            attempt(what, () -> rds.deleteDBCluster(r -> r.dbClusterIdentifier(cluster.dbClusterIdentifier()).skipFinalSnapshot(true)),
                    deleted, pending, failed);
        }
        return new Cleanup(deleted, pending, failed);
    }

    private static void attempt(String what, Runnable delete, List<String> deleted, List<String> pending, List<String> failed) {
        try {
            delete.run();
            deleted.add(what);
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (GONE.contains(code)) {
                deleted.add(what);
            } else if (NOT_YET.contains(code)) {
                pending.add(what + " (" + code + ")");
            } else {
                failed.add(what + " (" + code + ": " + SafeText.bounded(e.awsErrorDetails() == null ? e.getMessage()
                        : e.awsErrorDetails().errorMessage(), 200) + ")");
            }
        }
    }

    // Plain Describe loops, not the SDK's paginators: through ProGuard a paginator keeps every model class.
    private List<Volume> volumes(String executionName) {
        List<Volume> volumes = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeVolumesResponse page = ec2.describeVolumes(r -> r.filters(
                    Filter.builder().name("tag:" + LifeboatTags.RESTORED_BY).values(executionName).build()).nextToken(next));
            volumes.addAll(page.volumes());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return volumes;
    }

    /** RDS filters no Describe by tag: every instance is read and its tags checked. Instances of a cluster come first. */
    private List<DBInstance> instances(String executionName) {
        List<DBInstance> instances = new ArrayList<>();
        String marker = null;
        do {
            String next = marker;
            DescribeDbInstancesResponse page = rds.describeDBInstances(r -> r.marker(next));
            page.dbInstances().stream().filter(instance -> restoredBy(instance.tagList(), executionName)).forEach(instances::add);
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return instances;
    }

    private List<DBCluster> clusters(String executionName) {
        List<DBCluster> clusters = new ArrayList<>();
        String marker = null;
        do {
            String next = marker;
            DescribeDbClustersResponse page = rds.describeDBClusters(r -> r.marker(next));
            page.dbClusters().stream().filter(cluster -> restoredBy(cluster.tagList(), executionName)).forEach(clusters::add);
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return clusters;
    }

    private static boolean restoredBy(List<Tag> tags, String executionName) {
        return tags != null && tags.stream().anyMatch(tag -> LifeboatTags.RESTORED_BY.equals(tag.key()) && executionName.equals(tag.value()));
    }
}
