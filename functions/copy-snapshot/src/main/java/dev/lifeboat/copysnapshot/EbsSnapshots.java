package dev.lifeboat.copysnapshot;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/** The EBS snapshot operations the copy needs, in any region. */
public interface EbsSnapshots {

    /** The snapshot, or empty if it no longer exists. */
    Optional<SourceSnapshot> describe(Region region, String snapshotId);

    /** The volume's tags, or empty if the volume no longer exists. */
    Map<String, String> volumeTags(Region region, String volumeId);

    /** A Lifeboat copy of {@code sourceSnapshotId} already in {@code destination} (pending or completed). */
    Optional<String> findCopy(Region destination, Region sourceRegion, String sourceSnapshotId);

    /** Lets {@code account} create volumes from (and so copy) the snapshot; repeating it changes nothing. */
    void share(Region region, String snapshotId, String account);

    /** Starts the copy and returns the new snapshot's id; throws {@link CopyFailedException}. */
    String startCopy(CopyRequest request);
}
