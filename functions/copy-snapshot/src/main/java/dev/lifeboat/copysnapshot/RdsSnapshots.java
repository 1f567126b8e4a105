package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.event.RdsSnapshotEvent.Kind;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/** The RDS snapshot operations the copy needs (DB snapshots and DB cluster snapshots), in any Region. */
public interface RdsSnapshots {

    /**
     * A snapshot as the copy needs it. {@code ownerId} is the DB instance or cluster it was taken of;
     * {@code automated} is true for RDS's own automated backups, which cannot be shared.
     */
    record RdsSnapshot(Kind kind, String identifier, String arn, String status, String engine, String ownerId,
                       Optional<String> optionGroupName, boolean encrypted, Optional<String> kmsKeyId, boolean automated,
                       Instant createdAt, Map<String, String> tags) {

        RdsSnapshot withStatus(String newStatus) {
            return new RdsSnapshot(kind, identifier, arn, newStatus, engine, ownerId, optionGroupName, encrypted, kmsKeyId, automated,
                    createdAt, tags);
        }
    }

    /** One copy into the destination Region, fully decided. */
    record RdsCopyRequest(Kind kind, Region sourceRegion, String sourceArn, Region destination, String targetIdentifier,
                          String kmsKeyId, Optional<String> optionGroupName, Map<String, String> tags) {
    }

    /** The snapshot, or empty if it no longer exists. */
    Optional<RdsSnapshot> describe(Region region, Kind kind, String identifier);

    /** The tags of the DB instance or cluster the snapshot was taken of; empty if it is gone. */
    Map<String, String> ownerTags(Region region, Kind kind, String ownerId, String account);

    /** Whether an option group of this name exists in {@code region}. */
    boolean optionGroupExists(Region region, String name);

    /** Starts the copy; false when the target identifier already exists. Throws {@link CopyFailedException}. */
    boolean startCopy(RdsCopyRequest request);

    /** Lets {@code account} restore and copy the (manual) snapshot; repeating it changes nothing. */
    void share(Region region, Kind kind, String identifier, String account);

    /**
     * Copies a snapshot within its Region under {@code target}, keeping its key: the manual
     * snapshot that stands in for an automated one, which cannot be shared. False when
     * {@code target} already exists.
     */
    boolean startManualCopy(Region region, Kind kind, String identifier, String target, Map<String, String> tags);

    /** True when the Region's quota of manual (cluster) snapshots is used up, as opposed to too many copies in flight. */
    boolean manualSnapshotQuotaReached(Region region, Kind kind);
}
