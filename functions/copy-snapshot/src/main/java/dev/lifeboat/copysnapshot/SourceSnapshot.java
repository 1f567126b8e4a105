package dev.lifeboat.copysnapshot;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A snapshot in its own region, as the copy needs it; {@code kmsKeyId} is the key it is encrypted with. */
public record SourceSnapshot(
        String snapshotId,
        String volumeId,
        String state,
        Instant startTime,
        boolean encrypted,
        Optional<String> kmsKeyId,
        Map<String, String> tags) {
}
