package dev.lifeboat.resolverecoverypoint;

import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.restore.ResourceKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The recovery region's copies, found by Lifeboat's provenance tags (EBS, RDS, Aurora) or in the
 * recovery backup vault (AWS Backup). Each client is built on first use: a resolve touches one service.
 */
public final class RecoveryRegionCopies implements RecoveryPoints {

    private final Supplier<Ec2Client> ec2;
    private final Supplier<RdsClient> rds;
    private final Supplier<BackupVaultApi> backup;
    private final String backupVault;
    private final String region;

    public RecoveryRegionCopies(Supplier<Ec2Client> ec2, Supplier<RdsClient> rds, Supplier<BackupVaultApi> backup, String backupVault,
                                String region) {
        this.region = region;
        this.ec2 = memoize(ec2);
        this.rds = memoize(rds);
        this.backup = memoize(backup);
        this.backupVault = backupVault;
    }

    @Override
    public List<RecoveryPoint> copiesOf(ResourceKind kind, String sourceResource) {
        return switch (kind) {
            case EBS_VOLUME -> ebsCopiesOf(sourceResource).stream().map(snapshot -> ebs(kind, snapshot)).toList();
            case RDS_INSTANCE -> dbSnapshots().stream()
                    .filter(snapshot -> isCopyOf(rdsTags(snapshot.tagList()), kind, sourceResource))
                    .map(snapshot -> rds(kind, snapshot)).toList();
            case AURORA_CLUSTER -> dbClusterSnapshots().stream()
                    .filter(snapshot -> isCopyOf(rdsTags(snapshot.tagList()), kind, sourceResource))
                    .map(snapshot -> aurora(kind, snapshot)).toList();
            case BACKUP_RECOVERY_POINT -> backup.get().recoveryPointsOf(backupVault, sourceResource).stream()
                    .map(point -> backup(kind, point)).toList();
        };
    }

    // Plain Describe loops, not the SDK's paginators: through ProGuard a paginator keeps every EC2 model class (+12 MB).
    private List<Snapshot> ebsCopiesOf(String sourceResource) {
        List<Snapshot> snapshots = new ArrayList<>();
        String token = null;
        do {
            DescribeSnapshotsResponse page = ec2.get().describeSnapshots(DescribeSnapshotsRequest.builder().ownerIds("self").filters(
                    tagFilter(LifeboatTags.MANAGED, "true"),
                    tagFilter(LifeboatTags.RESOURCE_TYPE, ResourceKind.EBS_VOLUME.copyType()),
                    tagFilter(LifeboatTags.SOURCE_RESOURCE, sourceResource)).nextToken(token).build());
            snapshots.addAll(page.snapshots());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return snapshots;
    }

    private List<DBSnapshot> dbSnapshots() {
        List<DBSnapshot> snapshots = new ArrayList<>();
        String marker = null;
        do {
            DescribeDbSnapshotsResponse page = rds.get().describeDBSnapshots(DescribeDbSnapshotsRequest.builder()
                    .snapshotType("manual").marker(marker).build());
            snapshots.addAll(page.dbSnapshots());
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return snapshots;
    }

    private List<DBClusterSnapshot> dbClusterSnapshots() {
        List<DBClusterSnapshot> snapshots = new ArrayList<>();
        String marker = null;
        do {
            DescribeDbClusterSnapshotsResponse page = rds.get().describeDBClusterSnapshots(DescribeDbClusterSnapshotsRequest.builder()
                    .snapshotType("manual").marker(marker).build());
            snapshots.addAll(page.dbClusterSnapshots());
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return snapshots;
    }

    @Override
    public Optional<RecoveryPoint> named(ResourceKind kind, String id) {
        switch (kind) {
            case EBS_VOLUME -> {
                try {
                    return ec2.get().describeSnapshots(r -> r.snapshotIds(id)).snapshots().stream().findFirst().map(s -> ebs(kind, s));
                } catch (AwsServiceException e) {
                    if (e.awsErrorDetails() != null && String.valueOf(e.awsErrorDetails().errorCode()).startsWith("InvalidSnapshot")) {
                        return Optional.empty();
                    }
                    throw e;
                }
            }
            case RDS_INSTANCE -> {
                try {
                    return rds.get().describeDBSnapshots(r -> r.dbSnapshotIdentifier(id)).dbSnapshots().stream().findFirst().map(s -> rds(kind, s));
                } catch (DbSnapshotNotFoundException e) {
                    return Optional.empty();
                }
            }
            case AURORA_CLUSTER -> {
                try {
                    return rds.get().describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(id)).dbClusterSnapshots().stream()
                            .findFirst().map(s -> aurora(kind, s));
                } catch (DbClusterSnapshotNotFoundException e) {
                    return Optional.empty();
                }
            }
            case BACKUP_RECOVERY_POINT -> {
                return backup.get().describe(backupVault, id).map(point -> backup(kind, point));
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    @Override
    public String defaultAvailabilityZone() {
        return ec2.get().describeAvailabilityZones(r -> r.filters(Filter.builder().name("state").values("available").build()))
                .availabilityZones().stream().map(AvailabilityZone::zoneName).sorted().findFirst()
                .orElseThrow(() -> new IllegalStateException("the region has no available availability zone"));
    }

    @Override
    public String defaultSecurityGroup(String dbSubnetGroup) {
        String vpc;
        try {
            vpc = rds.get().describeDBSubnetGroups(r -> r.dbSubnetGroupName(dbSubnetGroup)).dbSubnetGroups().get(0).vpcId();
        } catch (software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException e) {
            throw new dev.lifeboat.shared.restore.InvalidRestoreRequestException("target.subnetGroup",
                    "DB subnet group '" + dbSubnetGroup + "' does not exist in this region");
        }
        return ec2.get().describeSecurityGroups(r -> r.filters(Filter.builder().name("vpc-id").values(vpc).build(),
                        Filter.builder().name("group-name").values("default").build()))
                .securityGroups().stream().findFirst().map(software.amazon.awssdk.services.ec2.model.SecurityGroup::groupId)
                .orElseThrow(() -> new IllegalStateException("VPC " + vpc + " has no default security group"));
    }

    @Override
    public Map<String, String> restoreMetadata(String recoveryPointArn) {
        return backup.get().restoreMetadata(backupVault, recoveryPointArn);
    }

    private RecoveryPoint ebs(ResourceKind kind, Snapshot snapshot) {
        Map<String, String> tags = new LinkedHashMap<>();
        snapshot.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return new RecoveryPoint(kind, snapshot.snapshotId(), "arn:aws:ec2:" + region + "::snapshot/" + snapshot.snapshotId(),
                provenance(tags, kind), createdAt(tags, snapshot.startTime()), snapshot.state() == SnapshotState.COMPLETED,
                Optional.empty(), tags);
    }

    private static RecoveryPoint rds(ResourceKind kind, DBSnapshot snapshot) {
        Map<String, String> tags = rdsTags(snapshot.tagList());
        return new RecoveryPoint(kind, snapshot.dbSnapshotIdentifier(), snapshot.dbSnapshotArn(), provenance(tags, kind),
                createdAt(tags, snapshot.snapshotCreateTime()), "available".equals(snapshot.status()),
                Optional.ofNullable(snapshot.engine()), tags);
    }

    private static RecoveryPoint aurora(ResourceKind kind, DBClusterSnapshot snapshot) {
        Map<String, String> tags = rdsTags(snapshot.tagList());
        return new RecoveryPoint(kind, snapshot.dbClusterSnapshotIdentifier(), snapshot.dbClusterSnapshotArn(), provenance(tags, kind),
                createdAt(tags, snapshot.snapshotCreateTime()), "available".equals(snapshot.status()),
                Optional.ofNullable(snapshot.engine()), tags);
    }

    private static RecoveryPoint backup(ResourceKind kind, BackupVaultApi.BackupRecoveryPoint point) {
        return new RecoveryPoint(kind, point.recoveryPointArn(), point.recoveryPointArn(), point.resourceArn(),
                point.creationDate(), "COMPLETED".equals(point.status()), Optional.empty(), Map.of());
    }

    /** The source resource a copy names, or a marker that matches no request when it is not a Lifeboat copy of this kind. */
    private static String provenance(Map<String, String> tags, ResourceKind kind) {
        if (!LifeboatTags.isLifeboatCopy(tags) || !kind.copyType().equals(tags.get(LifeboatTags.RESOURCE_TYPE))) {
            return "(not a Lifeboat " + kind.copyType() + " copy)";
        }
        return tags.getOrDefault(LifeboatTags.SOURCE_RESOURCE, "(no " + LifeboatTags.SOURCE_RESOURCE + " tag)");
    }

    private static boolean isCopyOf(Map<String, String> tags, ResourceKind kind, String sourceResource) {
        return LifeboatTags.isLifeboatCopy(tags) && kind.copyType().equals(tags.get(LifeboatTags.RESOURCE_TYPE))
                && sourceResource.equals(tags.get(LifeboatTags.SOURCE_RESOURCE));
    }

    /** {@code lifeboat:created-at} (when the source was backed up), else when the copy was made. */
    private static Instant createdAt(Map<String, String> tags, Instant fallback) {
        String tagged = tags.get(LifeboatTags.CREATED_AT);
        if (tagged != null) {
            try {
                return Instant.parse(tagged);
            } catch (DateTimeParseException e) {
                // a hand-edited tag: fall back to the copy's own time
            }
        }
        return fallback == null ? Instant.EPOCH : fallback;
    }

    private static Map<String, String> rdsTags(List<Tag> tagList) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (tagList != null) {
            tagList.forEach(tag -> tags.put(tag.key(), tag.value()));
        }
        return tags;
    }

    private static Filter tagFilter(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        List<T> holder = new ArrayList<>(1);
        return () -> {
            synchronized (holder) {
                if (holder.isEmpty()) {
                    holder.add(supplier.get());
                }
                return holder.get(0);
            }
        };
    }
}
