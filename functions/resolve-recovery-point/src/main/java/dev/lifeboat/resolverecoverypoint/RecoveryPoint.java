package dev.lifeboat.resolverecoverypoint;

import dev.lifeboat.shared.restore.ResourceKind;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A copy in the recovery region that a restore can start from: an EBS snapshot, a DB snapshot, a
 * DB cluster snapshot or an AWS Backup recovery point.
 *
 * @param id             what the restore API takes: snapshot id, DB (cluster) snapshot identifier, recovery point ARN
 * @param sourceResource the protected resource it is a copy of ({@code lifeboat:source-resource}, or Backup's resource ARN)
 * @param createdAt      when the source was backed up ({@code lifeboat:created-at}), else when the copy was made
 * @param ready          whether it can be restored from now (completed, available)
 * @param engine         the DB engine, for DB snapshots
 */
public record RecoveryPoint(ResourceKind kind, String id, String arn, String sourceResource, Instant createdAt, boolean ready,
                            Optional<String> engine, Map<String, String> tags) {
}
