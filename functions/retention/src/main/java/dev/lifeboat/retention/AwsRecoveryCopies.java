package dev.lifeboat.retention;

import dev.lifeboat.shared.policy.LifeboatTags;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotTierStatusRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotTierStatusResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.SnapshotTierStatus;
import software.amazon.awssdk.services.ec2.model.TargetStorageTier;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * {@link RecoveryCopies} on the EC2 and RDS APIs of the recovery region. EBS copies are found by
 * a tag filter on the snapshots this account owns; RDS has no tag filter on snapshots, so its
 * manual snapshots are listed and their tag lists read. Plain Describe loops, not the SDK's
 * paginators: through ProGuard a paginator keeps every model class of the service.
 */
public final class AwsRecoveryCopies implements RecoveryCopies {

    private static final Set<String> GONE = Set.of("InvalidSnapshot.NotFound", "DBSnapshotNotFound", "DBSnapshotNotFoundFault",
            "DBClusterSnapshotNotFoundFault", "DBClusterSnapshotNotFound");

    private final Supplier<Ec2Client> ec2;
    private final Supplier<RdsClient> rds;
    private final String region;

    public AwsRecoveryCopies(Supplier<Ec2Client> ec2, Supplier<RdsClient> rds, String region) {
        this.ec2 = ec2;
        this.rds = rds;
        this.region = region;
    }

    @Override
    public List<RecoveryCopy> list(CopyKind kind) {
        try {
            return switch (kind) {
                case EBS_SNAPSHOT -> ebsCopies();
                case RDS_SNAPSHOT -> dbSnapshotCopies();
                case AURORA_CLUSTER_SNAPSHOT -> clusterSnapshotCopies();
            };
        } catch (SdkException e) {
            throw failure("listing " + kind.tagValue() + " copies", e);
        }
    }

    private List<RecoveryCopy> ebsCopies() {
        List<RecoveryCopy> copies = new ArrayList<>();
        String token = null;
        do {
            DescribeSnapshotsResponse page = ec2.get().describeSnapshots(DescribeSnapshotsRequest.builder()
                    .ownerIds("self")
                    .filters(Filter.builder().name("tag:" + LifeboatTags.MANAGED).values("true").build(),
                            Filter.builder().name("tag:" + LifeboatTags.RESOURCE_TYPE).values(CopyKind.EBS_SNAPSHOT.tagValue()).build())
                    .maxResults(1000)
                    .nextToken(token)
                    .build());
            for (Snapshot snapshot : page.snapshots()) {
                Map<String, String> tags = new HashMap<>();
                snapshot.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                RecoveryCopy copy = new RecoveryCopy(CopyKind.EBS_SNAPSHOT, snapshot.snapshotId(), "arn:aws:ec2:" + region + "::snapshot/" + snapshot.snapshotId(),
                        createdAt(tags, snapshot.startTime()), snapshot.stateAsString(), snapshot.state() == SnapshotState.COMPLETED,
                        Optional.ofNullable(snapshot.storageTierAsString()).or(() -> Optional.of("standard")),
                        snapshot.restoreExpiryTime() != null, tags);
                if (copy.managed()) {
                    copies.add(copy);
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return copies;
    }

    private List<RecoveryCopy> dbSnapshotCopies() {
        List<RecoveryCopy> copies = new ArrayList<>();
        String marker = null;
        do {
            DescribeDbSnapshotsResponse page = rds.get().describeDBSnapshots(DescribeDbSnapshotsRequest.builder()
                    .snapshotType("manual").maxRecords(100).marker(marker).build());
            for (DBSnapshot snapshot : page.dbSnapshots()) {
                Map<String, String> tags = tags(snapshot.tagList());
                RecoveryCopy copy = new RecoveryCopy(CopyKind.RDS_SNAPSHOT, snapshot.dbSnapshotIdentifier(), snapshot.dbSnapshotArn(),
                        createdAt(tags, snapshot.snapshotCreateTime()), String.valueOf(snapshot.status()),
                        "available".equals(snapshot.status()), Optional.empty(), false, tags);
                if (copy.managed()) {
                    copies.add(copy);
                }
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return copies;
    }

    private List<RecoveryCopy> clusterSnapshotCopies() {
        List<RecoveryCopy> copies = new ArrayList<>();
        String marker = null;
        do {
            DescribeDbClusterSnapshotsResponse page = rds.get().describeDBClusterSnapshots(DescribeDbClusterSnapshotsRequest.builder()
                    .snapshotType("manual").maxRecords(100).marker(marker).build());
            for (DBClusterSnapshot snapshot : page.dbClusterSnapshots()) {
                Map<String, String> tags = tags(snapshot.tagList());
                RecoveryCopy copy = new RecoveryCopy(CopyKind.AURORA_CLUSTER_SNAPSHOT, snapshot.dbClusterSnapshotIdentifier(),
                        snapshot.dbClusterSnapshotArn(), createdAt(tags, snapshot.snapshotCreateTime()), String.valueOf(snapshot.status()),
                        "available".equals(snapshot.status()), Optional.empty(), false, tags);
                if (copy.managed()) {
                    copies.add(copy);
                }
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return copies;
    }

    @Override
    public void delete(RecoveryCopy copy) {
        try {
            switch (copy.kind()) {
                case EBS_SNAPSHOT -> ec2.get().deleteSnapshot(r -> r.snapshotId(copy.id()));
                case RDS_SNAPSHOT -> rds.get().deleteDBSnapshot(r -> r.dbSnapshotIdentifier(copy.id()));
                case AURORA_CLUSTER_SNAPSHOT -> rds.get().deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(copy.id()));
            }
        } catch (AwsServiceException e) {
            if (!GONE.contains(code(e))) {
                throw failure("deleting " + copy.kind().tagValue() + " " + copy.id(), e);
            }
        } catch (SdkException e) {
            throw failure("deleting " + copy.kind().tagValue() + " " + copy.id(), e);
        }
    }

    @Override
    public void archive(RecoveryCopy copy) {
        if (copy.kind() != CopyKind.EBS_SNAPSHOT) {
            throw new IllegalArgumentException("only EBS snapshots have an archive tier: " + copy.id());
        }
        try {
            ec2.get().modifySnapshotTier(r -> r.snapshotId(copy.id()).storageTier(TargetStorageTier.ARCHIVE));
        } catch (SdkException e) {
            throw failure("archiving " + copy.id(), e);
        }
    }

    @Override
    public Set<String> tieringInProgress(Collection<String> snapshotIds) {
        Set<String> wanted = new HashSet<>(snapshotIds);
        Set<String> pending = new HashSet<>();
        if (wanted.isEmpty()) {
            return pending;
        }
        try {
            String token = null;
            do {
                DescribeSnapshotTierStatusResponse page = ec2.get().describeSnapshotTierStatus(DescribeSnapshotTierStatusRequest.builder()
                        .maxResults(1000).nextToken(token).build());
                for (SnapshotTierStatus status : page.snapshotTierStatuses()) {
                    String operation = status.lastTieringOperationStatusAsString();
                    if (wanted.contains(status.snapshotId()) && operation != null && operation.endsWith("-in-progress")) {
                        pending.add(status.snapshotId());
                    }
                }
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
            return pending;
        } catch (SdkException e) {
            throw failure("reading the snapshots' tiering status", e);
        }
    }

    /** The source's time from the provenance tag; the copy's own time when the tag is missing or unreadable. */
    private static Optional<Instant> createdAt(Map<String, String> tags, Instant own) {
        String tagged = tags.get(LifeboatTags.CREATED_AT);
        if (tagged != null) {
            try {
                return Optional.of(Instant.parse(tagged.trim()));
            } catch (DateTimeParseException e) {
                // the copy's own time below
            }
        }
        return Optional.ofNullable(own);
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new HashMap<>();
        if (tags != null) {
            tags.forEach(tag -> map.put(tag.key(), tag.value()));
        }
        return map;
    }

    static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }

    static RetentionActionException failure(String action, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String message = service.awsErrorDetails() == null || service.awsErrorDetails().errorMessage() == null
                    ? service.getMessage() : service.awsErrorDetails().errorMessage();
            String code = code(service).isEmpty() ? "HTTP " + service.statusCode() : code(service);
            return new RetentionActionException(code(service), action + " failed: " + code + ": " + message, e);
        }
        return new RetentionActionException("", action + " failed: " + e.getMessage(), e);
    }
}
