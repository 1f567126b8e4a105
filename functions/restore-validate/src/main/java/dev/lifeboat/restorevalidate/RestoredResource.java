package dev.lifeboat.restorevalidate;

import dev.lifeboat.shared.restore.RestoreRequest.Endpoint;
import java.util.List;
import java.util.Optional;

/**
 * What the restore created, as the recovery region describes it now.
 *
 * @param id         the volume id, DB instance or cluster identifier, or AWS Backup's created resource ARN
 * @param status     the service's own status word ({@code available}, {@code COMPLETED} …)
 * @param available  whether it is ready for use
 * @param mismatches what does not match the recovery point it was restored from; empty when it matches
 * @param endpoint   where clients connect, for databases
 */
public record RestoredResource(String id, String arn, String status, boolean available, List<String> mismatches,
                               Optional<Endpoint> endpoint) {
}
