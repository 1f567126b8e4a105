package dev.lifeboat.healthreport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.StorageTier;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;

/**
 * Where the bytes of the recovery region's copies are billed and how many there are, by copy id as
 * the RPO monitor names copies (EBS snapshot id, DB snapshot and DB cluster snapshot identifier,
 * recovery point ARN). Which resource a copy belongs to is the monitor's business
 * ({@link RpoAssessment}); this only sizes. Sizes: EBS {@code VolumeSize} (an upper bound: AWS
 * bills changed blocks), RDS and Aurora {@code AllocatedStorage}, AWS Backup {@code BackupSizeInBytes}.
 */
public final class RecoveryRegionStorage implements CopyStorage {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryRegionStorage.class);
    private static final double BYTES_PER_GB = 1024.0 * 1024 * 1024;

    private final Ec2Client ec2;
    private final RdsClient rds;
    private final Optional<RestJsonApi> backup;
    private final Optional<String> vault;

    public RecoveryRegionStorage(Ec2Client ec2, RdsClient rds, Optional<RestJsonApi> backup, Optional<String> vault) {
        this.ec2 = ec2;
        this.rds = rds;
        this.backup = backup;
        this.vault = vault;
    }

    @Override
    public Map<String, StoredCopy> sizes() {
        Map<String, StoredCopy> copies = new HashMap<>();
        // explicit paging rather than the SDK's paginators: a paginator keeps every request class of the service in the shrunk jar
        String ec2Token = null;
        do {
            String token = ec2Token;
            DescribeSnapshotsResponse page = ec2.describeSnapshots(r -> r.ownerIds("self").maxResults(1000).nextToken(token)
                    .filters(f -> f.name("tag:" + LifeboatTags.MANAGED).values("true")));
            for (Snapshot snapshot : page.snapshots()) {
                StorageClass storage = snapshot.storageTier() == StorageTier.ARCHIVE ? StorageClass.EBS_ARCHIVE : StorageClass.EBS_STANDARD;
                copies.put(snapshot.snapshotId(), new StoredCopy(storage, snapshot.volumeSize() == null ? 0 : snapshot.volumeSize()));
            }
            ec2Token = page.nextToken();
        } while (ec2Token != null && !ec2Token.isEmpty());
        String marker = null;
        do {
            String from = marker;
            DescribeDbSnapshotsResponse page = rds.describeDBSnapshots(r -> r.snapshotType("manual").marker(from));
            for (DBSnapshot snapshot : page.dbSnapshots()) {
                copies.put(snapshot.dbSnapshotIdentifier(), new StoredCopy(StorageClass.RDS_SNAPSHOT,
                        snapshot.allocatedStorage() == null ? 0 : snapshot.allocatedStorage()));
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        marker = null;
        do {
            String from = marker;
            DescribeDbClusterSnapshotsResponse page = rds.describeDBClusterSnapshots(r -> r.snapshotType("manual").marker(from));
            for (DBClusterSnapshot snapshot : page.dbClusterSnapshots()) {
                copies.put(snapshot.dbClusterSnapshotIdentifier(), new StoredCopy(StorageClass.AURORA_SNAPSHOT,
                        snapshot.allocatedStorage() == null ? 0 : snapshot.allocatedStorage()));
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        if (backup.isPresent() && vault.isPresent()) {
            try {
                backupRecoveryPoints(backup.get(), vault.get(), copies);
            } catch (RuntimeException e) {
                LOG.warn("The sizes of AWS Backup vault {}'s recovery points could not be read: {}", vault.get(),
                        SafeText.bounded(e.getMessage(), 300));
            }
        }
        return copies;
    }

    private static void backupRecoveryPoints(RestJsonApi api, String vault, Map<String, StoredCopy> copies) {
        String next = null;
        do {
            Map<String, String> query = next == null ? Map.of("maxResults", "1000") : Map.of("maxResults", "1000", "nextToken", next);
            JsonNode page = api.get("/backup-vaults/" + RestJsonApi.segment(vault) + "/recovery-points/", query);
            for (JsonNode point : page.path("RecoveryPoints")) {
                StorageClass storage = "COLD".equals(point.path("StorageClass").asText()) ? StorageClass.BACKUP_COLD : StorageClass.BACKUP_WARM;
                copies.put(point.path("RecoveryPointArn").asText(), new StoredCopy(storage,
                        point.path("BackupSizeInBytes").asDouble() / BYTES_PER_GB));
            }
            next = page.path("NextToken").asText(null);
        } while (next != null && !next.isEmpty());
    }
}
