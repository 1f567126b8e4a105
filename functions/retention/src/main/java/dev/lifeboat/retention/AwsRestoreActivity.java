package dev.lifeboat.retention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.restore.ResourceKind;
import dev.lifeboat.shared.restore.RestoreRequest;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * The copies running restores use, from the recovery region: the {@code recoveryPoint} in the
 * input of every RUNNING execution of the restore state machine (or, for {@code latest}, every
 * copy of its source), and the {@code lifeboat:restored-from} tag of every volume, DB instance and
 * DB cluster still being created.
 */
public final class AwsRestoreActivity implements RestoreActivity {

    private static final Logger LOG = LoggerFactory.getLogger(AwsRestoreActivity.class);

    private final Supplier<SfnClient> sfn;
    private final Supplier<Ec2Client> ec2;
    private final Supplier<RdsClient> rds;
    private final String stateMachineArn;

    public AwsRestoreActivity(Supplier<SfnClient> sfn, Supplier<Ec2Client> ec2, Supplier<RdsClient> rds, String stateMachineArn) {
        this.sfn = sfn;
        this.ec2 = ec2;
        this.rds = rds;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public Protections protections() {
        Map<String, String> copies = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        try {
            runningExecutions(copies, sources);
            volumesBeingCreated(copies);
            databasesBeingCreated(copies);
        } catch (SdkException e) {
            throw AwsRecoveryCopies.failure("finding the copies running restores use", e);
        }
        return new Protections(copies, sources);
    }

    private void runningExecutions(Map<String, String> copies, Map<String, String> sources) {
        String token = null;
        do {
            ListExecutionsResponse page;
            try {
                page = sfn.get().listExecutions(ListExecutionsRequest.builder().stateMachineArn(stateMachineArn)
                        .statusFilter(ExecutionStatus.RUNNING).maxResults(100).nextToken(token).build());
            } catch (StateMachineDoesNotExistException e) {
                LOG.warn("The restore state machine {} does not exist: no restore can be running", stateMachineArn);
                return;
            }
            for (ExecutionListItem execution : page.executions()) {
                String input = sfn.get().describeExecution(r -> r.executionArn(execution.executionArn())).input();
                protect(execution.name(), input, copies, sources);
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
    }

    /** What one running execution's input says it restores from. */
    static void protect(String execution, String input, Map<String, String> copies, Map<String, String> sources) {
        JsonNode request;
        try {
            request = input == null ? null : Json.MAPPER.readTree(input);
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            LOG.warn("Restore execution {} has an input that is not a JSON object: it cannot be restoring anything", execution);
            return;
        }
        String recoveryPoint = request.path("recoveryPoint").asText(RestoreRequest.LATEST).trim();
        String why = "restore execution " + execution + " is running";
        if (!recoveryPoint.isEmpty() && !recoveryPoint.equals(RestoreRequest.LATEST)) {
            copies.put(recoveryPoint, why + " from it");
            return;
        }
        Optional<CopyKind> kind = ResourceKind.fromWireName(request.path("resourceType").asText(""))
                .flatMap(resourceKind -> CopyKind.fromTagValue(resourceKind.copyType()));
        String source = request.path("sourceResource").asText("");
        if (kind.isPresent() && !source.isBlank()) {
            sources.put(Protections.sourceKey(kind.get(), source), why + " from the latest copy of " + SafeText.bounded(source, 200));
        }
    }

    private void volumesBeingCreated(Map<String, String> copies) {
        String token = null;
        do {
            DescribeVolumesResponse page = ec2.get().describeVolumes(DescribeVolumesRequest.builder()
                    .filters(Filter.builder().name("tag-key").values(LifeboatTags.RESTORED_FROM).build(),
                            Filter.builder().name("status").values("creating").build())
                    .maxResults(500).nextToken(token).build());
            for (Volume volume : page.volumes()) {
                volume.tags().stream().filter(tag -> LifeboatTags.RESTORED_FROM.equals(tag.key())).findFirst()
                        .ifPresent(tag -> copies.put(tag.value(), "volume " + volume.volumeId() + " is being restored from it"));
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
    }

    private void databasesBeingCreated(Map<String, String> copies) {
        String marker = null;
        do {
            DescribeDbInstancesResponse page = rds.get().describeDBInstances(DescribeDbInstancesRequest.builder().maxRecords(100)
                    .marker(marker).build());
            for (DBInstance instance : page.dbInstances()) {
                if ("creating".equals(instance.dbInstanceStatus())) {
                    restoredFrom(instance.tagList()).ifPresent(copy -> copies.put(copy,
                            "DB instance " + instance.dbInstanceIdentifier() + " is being restored from it"));
                }
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        marker = null;
        do {
            DescribeDbClustersResponse page = rds.get().describeDBClusters(DescribeDbClustersRequest.builder().maxRecords(100)
                    .marker(marker).build());
            for (DBCluster cluster : page.dbClusters()) {
                if ("creating".equals(cluster.status())) {
                    restoredFrom(cluster.tagList()).ifPresent(copy -> copies.put(copy,
                            "DB cluster " + cluster.dbClusterIdentifier() + " is being restored from it"));
                }
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
    }

    private static Optional<String> restoredFrom(List<Tag> tags) {
        return tags == null ? Optional.empty() : tags.stream().filter(tag -> LifeboatTags.RESTORED_FROM.equals(tag.key()))
                .map(Tag::value).filter(value -> value != null && !value.isBlank()).findFirst();
    }

}
