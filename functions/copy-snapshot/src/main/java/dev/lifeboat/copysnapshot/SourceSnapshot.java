package dev.lifeboat.copysnapshot;

import java.time.Instant;
import java.util.Map;

/** A snapshot in its own region, as the copy needs it. */
public record SourceSnapshot(
        String snapshotId,
        String volumeId,
        String state,
        Instant startTime,
        boolean encrypted,
        Map<String, String> tags) {
}
