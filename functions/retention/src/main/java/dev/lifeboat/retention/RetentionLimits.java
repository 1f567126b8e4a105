package dev.lifeboat.retention;

/**
 * Bounds on one run, so that it ends cleanly inside Lambda's time limit and the next run finishes
 * the work: at most {@code maxActions} deletions and archive moves, and none started once less
 * than {@code stopMarginMillis} of the invocation remain.
 */
public record RetentionLimits(int maxActions, long stopMarginMillis) {

    public static final RetentionLimits DEFAULT = new RetentionLimits(5000, 60_000);

    public RetentionLimits {
        if (maxActions < 0 || stopMarginMillis < 0) {
            throw new IllegalArgumentException("retention limits must not be negative");
        }
    }
}
