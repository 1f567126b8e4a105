package dev.lifeboat.backupmetrics;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Reads an EBS copy's {@code lifeboat:created-at} (when the source snapshot was taken) and
 * {@code lifeboat:source-resource} (its volume) tags in this region.
 */
public final class Ec2CopyProvenance implements CopyProvenance {

    private final Ec2Client ec2;

    public Ec2CopyProvenance(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public Optional<Source> ofEbsCopy(String copySnapshotId) {
        if (!copySnapshotId.matches("snap-[0-9a-f]{8,32}")) {
            return Optional.empty();
        }
        try {
            for (Snapshot snapshot : ec2.describeSnapshots(r -> r.snapshotIds(copySnapshotId)).snapshots()) {
                Map<String, String> tags = snapshot.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
                String createdAt = tags.get("lifeboat:created-at");
                if (createdAt != null) {
                    return Optional.of(new Source(tags.getOrDefault("lifeboat:source-resource", tags.getOrDefault("lifeboat:source-id", copySnapshotId)),
                            Instant.parse(createdAt)));
                }
            }
        } catch (Ec2Exception | DateTimeParseException e) {
            // not a Lifeboat copy, gone, or tagged by hand: its latency is unknown
        }
        return Optional.empty();
    }
}
