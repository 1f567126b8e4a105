package dev.lifeboat.restoredrill;

import dev.lifeboat.shared.restore.ResourceKind;
import java.time.Instant;

/**
 * A Lifeboat copy in the recovery region that a drill may restore from.
 *
 * @param id             what the restore takes: snapshot id, DB snapshot or DB cluster snapshot identifier
 * @param sourceResource the protected resource it is a copy of ({@code lifeboat:source-resource})
 * @param policy         the policy it was copied under ({@code lifeboat:policy}; {@code default} when untagged)
 * @param createdAt      when the source was backed up ({@code lifeboat:created-at}), else when the copy was made
 * @param ready          whether a restore can start from it now (completed, available)
 */
public record RecoveryCopy(ResourceKind kind, String id, String sourceResource, String policy, Instant createdAt, boolean ready) {
}
