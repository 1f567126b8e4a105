package dev.lifeboat.healthreport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.StorageTier;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;

/**
 * The copies Lifeboat made in this region, read from the copies themselves: completed EBS snapshots
 * and available RDS and Aurora snapshots tagged {@code lifeboat:managed=true}, grouped by the source
 * their provenance tags name; and, when a vault is configured, the AWS Backup vault's completed
 * recovery points, grouped by the resource they protect. Sizes: EBS {@code VolumeSize} (an upper
 * bound: AWS bills changed blocks), RDS and Aurora {@code AllocatedStorage}, AWS Backup {@code BackupSizeInBytes}.
 */
public final class RecoveryRegionEstate implements EstateView {

    private static final double BYTES_PER_GB = 1024.0 * 1024 * 1024;

    private final Ec2Client ec2;
    private final RdsClient rds;
    private final Optional<RestJsonApi> backup;
    private final Optional<String> vault;

    public RecoveryRegionEstate(Ec2Client ec2, RdsClient rds, Optional<RestJsonApi> backup, Optional<String> vault) {
        this.ec2 = ec2;
        this.rds = rds;
        this.backup = backup;
        this.vault = vault;
    }

    @Override
    public Estate read() {
        List<String> notes = new ArrayList<>();
        Map<List<String>, Group> groups = new LinkedHashMap<>();
        // explicit paging rather than the SDK's paginators: a paginator keeps every request class of the service in the shrunk jar
        String ec2Token = null;
        do {
            String token = ec2Token;
            DescribeSnapshotsResponse page = ec2.describeSnapshots(r -> r.ownerIds("self").maxResults(1000).nextToken(token)
                    .filters(f -> f.name("tag:" + LifeboatTags.MANAGED).values("true")));
            for (Snapshot snapshot : page.snapshots()) {
                if (snapshot.state() != SnapshotState.COMPLETED) {
                    continue;
                }
                Map<String, String> tags = ec2Tags(snapshot.tags());
                StorageClass storage = snapshot.storageTier() == StorageTier.ARCHIVE ? StorageClass.EBS_ARCHIVE : StorageClass.EBS_STANDARD;
                add(groups, tags, snapshot.snapshotId(), "ebs-snapshot", new CopyRecord(snapshot.snapshotId(),
                        createdAt(tags, snapshot.startTime()), storage, snapshot.volumeSize() == null ? 0 : snapshot.volumeSize()));
            }
            ec2Token = page.nextToken();
        } while (ec2Token != null && !ec2Token.isEmpty());
        String marker = null;
        do {
            String from = marker;
            DescribeDbSnapshotsResponse page = rds.describeDBSnapshots(r -> r.snapshotType("manual").marker(from));
            for (DBSnapshot snapshot : page.dbSnapshots()) {
                Map<String, String> tags = new HashMap<>();
                snapshot.tagList().forEach(t -> tags.put(t.key(), t.value()));
                if (LifeboatTags.isLifeboatCopy(tags) && "available".equals(snapshot.status())) {
                    add(groups, tags, snapshot.dbSnapshotArn(), "rds-snapshot", new CopyRecord(snapshot.dbSnapshotArn(),
                            createdAt(tags, snapshot.snapshotCreateTime()), StorageClass.RDS_SNAPSHOT,
                            snapshot.allocatedStorage() == null ? 0 : snapshot.allocatedStorage()));
                }
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        marker = null;
        do {
            String from = marker;
            DescribeDbClusterSnapshotsResponse page = rds.describeDBClusterSnapshots(r -> r.snapshotType("manual").marker(from));
            for (DBClusterSnapshot snapshot : page.dbClusterSnapshots()) {
                Map<String, String> tags = new HashMap<>();
                snapshot.tagList().forEach(t -> tags.put(t.key(), t.value()));
                if (LifeboatTags.isLifeboatCopy(tags) && "available".equals(snapshot.status())) {
                    add(groups, tags, snapshot.dbClusterSnapshotArn(), "aurora-cluster-snapshot", new CopyRecord(snapshot.dbClusterSnapshotArn(),
                            createdAt(tags, snapshot.snapshotCreateTime()), StorageClass.AURORA_SNAPSHOT,
                            snapshot.allocatedStorage() == null ? 0 : snapshot.allocatedStorage()));
                }
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        if (backup.isPresent() && vault.isPresent()) {
            try {
                backupRecoveryPoints(backup.get(), vault.get(), groups);
            } catch (RuntimeException e) {
                notes.add("The AWS Backup vault " + vault.get() + " could not be listed (" + SafeText.bounded(e.getMessage(), 200)
                        + "): its recovery points are missing from this report.");
            }
        }
        return new Estate(groups.values().stream().map(g -> new ResourceCopies(g.source, g.type, g.policy, g.copies)).toList(), notes);
    }

    private static void backupRecoveryPoints(RestJsonApi api, String vault, Map<List<String>, Group> groups) {
        String next = null;
        do {
            Map<String, String> query = next == null ? Map.of("maxResults", "1000") : Map.of("maxResults", "1000", "nextToken", next);
            JsonNode page = api.get("/backup-vaults/" + RestJsonApi.segment(vault) + "/recovery-points/", query);
            for (JsonNode point : page.path("RecoveryPoints")) {
                if (!"COMPLETED".equals(point.path("Status").asText())) {
                    continue;
                }
                String arn = point.path("RecoveryPointArn").asText();
                StorageClass storage = "COLD".equals(point.path("StorageClass").asText()) ? StorageClass.BACKUP_COLD : StorageClass.BACKUP_WARM;
                Instant created = Instant.ofEpochMilli((long) (point.path("CreationDate").asDouble() * 1000));
                Map<String, String> tags = Map.of(LifeboatTags.SOURCE_ARN, point.path("ResourceArn").asText(arn));
                add(groups, tags, arn, "backup-" + point.path("ResourceType").asText("recovery-point").toLowerCase(java.util.Locale.ROOT),
                        new CopyRecord(arn, created, storage, point.path("BackupSizeInBytes").asDouble() / BYTES_PER_GB));
            }
            next = page.path("NextToken").asText(null);
        } while (next != null && !next.isEmpty());
    }

    private static void add(Map<List<String>, Group> groups, Map<String, String> tags, String copyId, String fallbackType, CopyRecord copy) {
        String source = first(tags, LifeboatTags.SOURCE_ARN, LifeboatTags.SOURCE_ID).orElse(copyId);
        String type = first(tags, LifeboatTags.RESOURCE_TYPE).orElse(fallbackType);
        String policy = first(tags, LifeboatTags.POLICY).orElse(PolicyDocument.DEFAULT_POLICY_NAME);
        Group group = groups.computeIfAbsent(List.of(source, type), k -> new Group(source, type, policy));
        group.copies.add(copy);
    }

    private static Optional<String> first(Map<String, String> tags, String... names) {
        for (String name : names) {
            String value = tags.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }

    /** When the source recovery point was taken: the copy's {@code lifeboat:created-at} tag, else the copy's own time. */
    private static Instant createdAt(Map<String, String> tags, Instant own) {
        String tag = tags.get(LifeboatTags.CREATED_AT);
        if (tag != null) {
            try {
                return Instant.parse(tag.trim());
            } catch (DateTimeParseException e) {
                // a hand-edited tag: the copy's own time is the next best
            }
        }
        return own == null ? Instant.EPOCH : own;
    }

    private static Map<String, String> ec2Tags(List<Tag> tags) {
        Map<String, String> map = new HashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    private static final class Group {
        final String source;
        final String type;
        final String policy;
        final List<CopyRecord> copies = new ArrayList<>();

        Group(String source, String type, String policy) {
            this.source = source;
            this.type = type;
            this.policy = policy;
        }
    }
}
