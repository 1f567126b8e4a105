package dev.lifeboat.rpomonitor;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.restore.ResourceKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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

/**
 * The primary region's EBS volumes, RDS DB instances and Aurora clusters tagged
 * {@code lifeboat:policy}, through clients with short timeouts (see {@link PrimaryRegionClients}).
 * Any failure to list them, a timeout, a refused connection or a denied call, means the region is
 * unreachable for this run. Lifeboat's own copies and Aurora cluster members (protected through
 * their cluster) are left out.
 */
public final class PrimaryRegionResources implements PrimaryResources {

    private final Ec2Client ec2;
    private final RdsClient rds;
    private final String region;

    public PrimaryRegionResources(Ec2Client ec2, RdsClient rds, String region) {
        this.ec2 = ec2;
        this.rds = rds;
        this.region = region;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public List<TaggedResource> taggedResources(String account) {
        List<TaggedResource> resources = new ArrayList<>();
        try {
            volumes(resources, account);
            instances(resources, account);
            clusters(resources, account);
        } catch (SdkException e) {
            throw new PrimaryRegionUnreachableException(describe(e), e);
        }
        return resources;
    }

    private void volumes(List<TaggedResource> resources, String account) {
        String token = null;
        int pages = 0;
        do {
            DescribeVolumesResponse page = ec2.describeVolumes(DescribeVolumesRequest.builder()
                    .filters(Filter.builder().name("tag-key").values(LifeboatTags.POLICY).build())
                    .maxResults(500).nextToken(token).build());
            for (Volume volume : page.volumes()) {
                Map<String, String> tags = new LinkedHashMap<>();
                volume.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                policy(tags).ifPresent(policy -> resources.add(new TaggedResource(
                        SourceArns.of(ResourceKind.EBS_VOLUME, region, account, volume.volumeId()),
                        ResourceKind.EBS_VOLUME.wireName(), region, policy)));
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty() && ++pages < SnapshotCopies.MAX_PAGES);
    }

    private void instances(List<TaggedResource> resources, String account) {
        String marker = null;
        int pages = 0;
        do {
            DescribeDbInstancesResponse page = rds.describeDBInstances(DescribeDbInstancesRequest.builder().marker(marker).build());
            for (DBInstance instance : page.dbInstances()) {
                if (instance.dbClusterIdentifier() != null && !instance.dbClusterIdentifier().isBlank()) {
                    continue;
                }
                policy(tags(instance.tagList())).ifPresent(policy -> resources.add(new TaggedResource(instance.dbInstanceArn() == null
                        ? SourceArns.of(ResourceKind.RDS_INSTANCE, region, account, instance.dbInstanceIdentifier()) : instance.dbInstanceArn(),
                        ResourceKind.RDS_INSTANCE.wireName(), region, policy)));
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty() && ++pages < SnapshotCopies.MAX_PAGES);
    }

    private void clusters(List<TaggedResource> resources, String account) {
        String marker = null;
        int pages = 0;
        do {
            DescribeDbClustersResponse page = rds.describeDBClusters(DescribeDbClustersRequest.builder().marker(marker).build());
            for (DBCluster cluster : page.dbClusters()) {
                policy(tags(cluster.tagList())).ifPresent(policy -> resources.add(new TaggedResource(cluster.dbClusterArn() == null
                        ? SourceArns.of(ResourceKind.AURORA_CLUSTER, region, account, cluster.dbClusterIdentifier()) : cluster.dbClusterArn(),
                        ResourceKind.AURORA_CLUSTER.wireName(), region, policy)));
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty() && ++pages < SnapshotCopies.MAX_PAGES);
    }

    private static Optional<String> policy(Map<String, String> tags) {
        if (LifeboatTags.isLifeboatCopy(tags)) {
            return Optional.empty();
        }
        return Optional.ofNullable(tags.get(LifeboatTags.POLICY)).map(String::trim).filter(name -> !name.isEmpty());
    }

    private static Map<String, String> tags(List<Tag> tagList) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (tagList != null) {
            tagList.forEach(tag -> tags.put(tag.key(), tag.value()));
        }
        return tags;
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.statusCode() + " " + service.awsErrorDetails().errorCode() + ": "
                    + SafeText.bounded(String.valueOf(service.awsErrorDetails().errorMessage()), 200);
        }
        return e.getClass().getSimpleName() + ": " + SafeText.bounded(String.valueOf(e.getMessage()), 200);
    }
}
