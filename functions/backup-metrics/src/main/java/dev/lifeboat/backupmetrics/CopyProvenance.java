package dev.lifeboat.backupmetrics;

import java.time.Instant;
import java.util.Optional;

/** Where a recovery-region copy came from, read from the copy itself (Lifeboat's provenance tags). */
public interface CopyProvenance {

    /** The protected resource and when its source recovery point was taken. */
    record Source(String resource, Instant createdAt) {
    }

    Optional<Source> ofEbsCopy(String copySnapshotId);
}
