package dev.lifeboat.copysnapshot;

import java.util.Map;
import software.amazon.awssdk.regions.Region;

/** One EBS snapshot copy into the recovery region, fully decided: key, description and tags. */
public record CopyRequest(
        Region sourceRegion,
        String sourceSnapshotId,
        Region destinationRegion,
        String kmsKeyId,
        String description,
        Map<String, String> tags) {
}
