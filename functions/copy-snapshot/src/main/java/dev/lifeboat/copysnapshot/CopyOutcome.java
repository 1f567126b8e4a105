package dev.lifeboat.copysnapshot;

/** What happened to one snapshot or recovery point of an event. */
public sealed interface CopyOutcome {

    String snapshotId();

    /** A copy was started in the recovery region. */
    record Started(String snapshotId, String copySnapshotId, String destinationRegion, String policy) implements CopyOutcome {
    }

    /** A copy already exists or is under way: a redelivered or repeated event. */
    record AlreadyCopied(String snapshotId, String copySnapshotId, String destinationRegion) implements CopyOutcome {
    }

    /** Not now: too many copies of its kind are in flight to its destination, or AWS throttles; try again later. */
    record Deferred(String snapshotId, String reason) implements CopyOutcome {
    }

    /** Nothing to copy, and why (no policy, a Lifeboat copy, gone, …). */
    record Skipped(String snapshotId, String reason) implements CopyOutcome {
    }
}
