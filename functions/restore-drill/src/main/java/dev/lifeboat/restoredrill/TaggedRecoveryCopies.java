package dev.lifeboat.restoredrill;

import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.restore.ResourceKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * {@link RecoveryCopies} found by Lifeboat's provenance tags: EBS snapshots tagged
 * {@code lifeboat:managed=true}, and manual DB (cluster) snapshots whose tags say the same.
 * AWS Backup recovery points are not drilled here: an AWS Backup restore testing plan restores,
 * and deletes, them itself, and this function validates those restores.
 */
public final class TaggedRecoveryCopies implements RecoveryCopies {

    private final Ec2Client ec2;
    private final RdsClient rds;

    public TaggedRecoveryCopies(Ec2Client ec2, RdsClient rds) {
        this.ec2 = ec2;
        this.rds = rds;
    }

    @Override
    public List<RecoveryCopy> all() {
        List<RecoveryCopy> copies = new ArrayList<>();
        ebsSnapshots().forEach(snapshot -> copy(ResourceKind.EBS_VOLUME, snapshot.snapshotId(), ec2Tags(snapshot), snapshot.startTime(),
                snapshot.state() == SnapshotState.COMPLETED).ifPresent(copies::add));
        dbSnapshots().forEach(snapshot -> copy(ResourceKind.RDS_INSTANCE, snapshot.dbSnapshotIdentifier(), rdsTags(snapshot.tagList()),
                snapshot.snapshotCreateTime(), "available".equals(snapshot.status())).ifPresent(copies::add));
        dbClusterSnapshots().forEach(snapshot -> copy(ResourceKind.AURORA_CLUSTER, snapshot.dbClusterSnapshotIdentifier(),
                rdsTags(snapshot.tagList()), snapshot.snapshotCreateTime(), "available".equals(snapshot.status())).ifPresent(copies::add));
        return copies;
    }

    private static Optional<RecoveryCopy> copy(ResourceKind kind, String id, Map<String, String> tags, Instant madeAt, boolean ready) {
        String source = tags.get(LifeboatTags.SOURCE_RESOURCE);
        if (!LifeboatTags.isLifeboatCopy(tags) || !kind.copyType().equals(tags.get(LifeboatTags.RESOURCE_TYPE)) || source == null
                || source.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new RecoveryCopy(kind, id, source, tags.getOrDefault(LifeboatTags.POLICY, PolicyDocument.DEFAULT_POLICY_NAME),
                createdAt(tags, madeAt), ready));
    }

    // Plain Describe loops, not the SDK's paginators: through ProGuard a paginator keeps every EC2 model class.
    private List<Snapshot> ebsSnapshots() {
        List<Snapshot> snapshots = new ArrayList<>();
        String token = null;
        do {
            DescribeSnapshotsResponse page = ec2.describeSnapshots(DescribeSnapshotsRequest.builder().ownerIds("self")
                    .filters(Filter.builder().name("tag:" + LifeboatTags.MANAGED).values("true").build(),
                            Filter.builder().name("tag:" + LifeboatTags.RESOURCE_TYPE).values(ResourceKind.EBS_VOLUME.copyType()).build())
                    .nextToken(token).build());
            snapshots.addAll(page.snapshots());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return snapshots;
    }

    private List<DBSnapshot> dbSnapshots() {
        List<DBSnapshot> snapshots = new ArrayList<>();
        String marker = null;
        do {
            String next = marker;
            DescribeDbSnapshotsResponse page = rds.describeDBSnapshots(r -> r.snapshotType("manual").marker(next));
            snapshots.addAll(page.dbSnapshots());
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return snapshots;
    }

    private List<DBClusterSnapshot> dbClusterSnapshots() {
        List<DBClusterSnapshot> snapshots = new ArrayList<>();
        String marker = null;
        do {
            String next = marker;
            DescribeDbClusterSnapshotsResponse page = rds.describeDBClusterSnapshots(r -> r.snapshotType("manual").marker(next));
            snapshots.addAll(page.dbClusterSnapshots());
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return snapshots;
    }

    /** {@code lifeboat:created-at} (when the source was backed up), else when the copy was made. */
    private static Instant createdAt(Map<String, String> tags, Instant fallback) {
        String tagged = tags.get(LifeboatTags.CREATED_AT);
        if (tagged != null) {
            try {
                return Instant.parse(tagged);
            } catch (DateTimeParseException e) {
                // a hand-edited tag: the copy's own time
            }
        }
        return fallback == null ? Instant.EPOCH : fallback;
    }

    private static Map<String, String> ec2Tags(Snapshot snapshot) {
        Map<String, String> tags = new LinkedHashMap<>();
        snapshot.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    private static Map<String, String> rdsTags(List<Tag> tagList) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (tagList != null) {
            tagList.forEach(tag -> tags.put(tag.key(), tag.value()));
        }
        return tags;
    }
}
