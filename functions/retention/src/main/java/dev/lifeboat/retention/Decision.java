package dev.lifeboat.retention;

import java.util.Map;

/**
 * What retention does with one copy and why: the tiers that keep it (tier → the period it is the
 * newest copy of), or why it is kept anyway, or why it goes.
 */
public record Decision(RecoveryCopy copy, Action action, String reason, Map<RetentionTier, String> keptBy) {

    public enum Action {
        KEEP,
        /** Keep, and move to the EBS archive tier. */
        ARCHIVE,
        DELETE
    }

    public Decision {
        keptBy = Map.copyOf(keptBy);
    }

    public boolean deletes() {
        return action == Action.DELETE;
    }
}
