package dev.lifeboat.rpomonitor;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.restore.ResourceKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Lifeboat's EBS, RDS and Aurora copies in the recovery region, found by their provenance tags:
 * EBS snapshots this account owns tagged {@code lifeboat:managed=true}, and manual DB (cluster)
 * snapshots carrying the same tags. A copy that names no source is logged and left out.
 */
public final class SnapshotCopies implements RecoveryRegionCopies {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCopies.class);
    /** A bound on pages per listing (EC2 pages hold up to 1000 snapshots, RDS 100): the run ends, whatever the region holds. */
    static final int MAX_PAGES = 500;

    private final Ec2Client ec2;
    private final RdsClient rds;

    public SnapshotCopies(Ec2Client ec2, RdsClient rds) {
        this.ec2 = ec2;
        this.rds = rds;
    }

    @Override
    public List<RecoveryCopy> copies(String account) {
        List<RecoveryCopy> copies = new ArrayList<>();
        ebsSnapshots().forEach(snapshot -> ebs(snapshot, account).ifPresent(copies::add));
        dbSnapshots().forEach(snapshot -> rds(snapshot, account).ifPresent(copies::add));
        dbClusterSnapshots().forEach(snapshot -> aurora(snapshot, account).ifPresent(copies::add));
        return copies;
    }

    // Plain Describe loops, not the SDK's paginators: through ProGuard a paginator keeps every EC2 model class.
    private List<Snapshot> ebsSnapshots() {
        List<Snapshot> snapshots = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            DescribeSnapshotsResponse page = ec2.describeSnapshots(DescribeSnapshotsRequest.builder().ownerIds("self")
                    .filters(Filter.builder().name("tag:" + LifeboatTags.MANAGED).values("true").build())
                    .maxResults(1000).nextToken(token).build());
            snapshots.addAll(page.snapshots());
            token = page.nextToken();
        } while (token != null && !token.isEmpty() && ++pages < MAX_PAGES);
        warnIfCut(token, "EBS snapshots", snapshots.size());
        return snapshots;
    }

    private List<DBSnapshot> dbSnapshots() {
        List<DBSnapshot> snapshots = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            DescribeDbSnapshotsResponse page = rds.describeDBSnapshots(DescribeDbSnapshotsRequest.builder()
                    .snapshotType("manual").marker(marker).build());
            snapshots.addAll(page.dbSnapshots());
            marker = page.marker();
        } while (marker != null && !marker.isEmpty() && ++pages < MAX_PAGES);
        warnIfCut(marker, "DB snapshots", snapshots.size());
        return snapshots;
    }

    private List<DBClusterSnapshot> dbClusterSnapshots() {
        List<DBClusterSnapshot> snapshots = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            DescribeDbClusterSnapshotsResponse page = rds.describeDBClusterSnapshots(DescribeDbClusterSnapshotsRequest.builder()
                    .snapshotType("manual").marker(marker).build());
            snapshots.addAll(page.dbClusterSnapshots());
            marker = page.marker();
        } while (marker != null && !marker.isEmpty() && ++pages < MAX_PAGES);
        warnIfCut(marker, "DB cluster snapshots", snapshots.size());
        return snapshots;
    }

    private static Optional<RecoveryCopy> ebs(Snapshot snapshot, String account) {
        Map<String, String> tags = new LinkedHashMap<>();
        snapshot.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return copy(ResourceKind.EBS_VOLUME, snapshot.snapshotId(), tags, snapshot.startTime(), snapshot.state() == SnapshotState.COMPLETED, account);
    }

    private static Optional<RecoveryCopy> rds(DBSnapshot snapshot, String account) {
        return copy(ResourceKind.RDS_INSTANCE, snapshot.dbSnapshotIdentifier(), tags(snapshot.tagList()), snapshot.snapshotCreateTime(),
                "available".equals(snapshot.status()), account);
    }

    private static Optional<RecoveryCopy> aurora(DBClusterSnapshot snapshot, String account) {
        return copy(ResourceKind.AURORA_CLUSTER, snapshot.dbClusterSnapshotIdentifier(), tags(snapshot.tagList()),
                snapshot.snapshotCreateTime(), "available".equals(snapshot.status()), account);
    }

    private static Optional<RecoveryCopy> copy(ResourceKind kind, String copyId, Map<String, String> tags, Instant copyTime, boolean completed,
                                               String ownAccount) {
        if (!LifeboatTags.isLifeboatCopy(tags) || !kind.copyType().equals(tags.get(LifeboatTags.RESOURCE_TYPE))) {
            return Optional.empty();
        }
        String region = tags.getOrDefault(LifeboatTags.SOURCE_REGION, "");
        String resource = tags.getOrDefault(LifeboatTags.SOURCE_RESOURCE, "");
        String sourceArn;
        if (!resource.isBlank() && !region.isBlank()) {
            String account = tags.getOrDefault(LifeboatTags.SOURCE_ACCOUNT, "");
            if (account.isBlank()) {
                account = SourceArns.account(tags.getOrDefault(LifeboatTags.SOURCE_ARN, "")).orElse(ownAccount);
            }
            sourceArn = SourceArns.of(kind, region, account, resource);
        } else if (!tags.getOrDefault(LifeboatTags.SOURCE_ARN, "").isBlank()) {
            // a snapshot of no known volume or instance: the source snapshot stands for the resource
            sourceArn = tags.get(LifeboatTags.SOURCE_ARN);
            region = region.isBlank() ? SourceArns.region(sourceArn).orElse("") : region;
        } else {
            LOG.warn("Copy {} ({}) names no source ({} and {} tags are missing): it is not monitored", SafeText.bounded(copyId, 200),
                    kind.copyType(), LifeboatTags.SOURCE_RESOURCE, LifeboatTags.SOURCE_ARN);
            return Optional.empty();
        }
        Optional<String> policy = Optional.ofNullable(tags.get(LifeboatTags.POLICY)).map(String::trim).filter(name -> !name.isEmpty());
        return Optional.of(new RecoveryCopy(sourceArn, kind.wireName(), region, policy, copyId, kind.copyType(),
                createdAt(tags, copyTime, copyId), completed));
    }

    /** {@code lifeboat:created-at} (when the source was backed up), else when the copy was made. */
    private static Instant createdAt(Map<String, String> tags, Instant copyTime, String copyId) {
        String tagged = tags.get(LifeboatTags.CREATED_AT);
        if (tagged != null) {
            try {
                return Instant.parse(tagged.trim());
            } catch (DateTimeParseException e) {
                LOG.warn("Copy {} has an unreadable {} tag '{}': its age is measured from the copy's own time",
                        SafeText.bounded(copyId, 200), LifeboatTags.CREATED_AT, SafeText.bounded(tagged, 60));
            }
        }
        return copyTime == null ? Instant.EPOCH : copyTime;
    }

    private static Map<String, String> tags(List<Tag> tagList) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (tagList != null) {
            tagList.forEach(tag -> tags.put(tag.key(), tag.value()));
        }
        return tags;
    }

    private static void warnIfCut(String token, String what, int listed) {
        if (token != null && !token.isEmpty()) {
            LOG.warn("Listed only the first {} {} ({} pages): the rest are not monitored in this run", listed, what, MAX_PAGES);
        }
    }
}
