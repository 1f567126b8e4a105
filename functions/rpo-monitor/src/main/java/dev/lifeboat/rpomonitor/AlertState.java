package dev.lifeboat.rpomonitor;

import java.time.Instant;
import java.util.Optional;

/**
 * An open RPO problem of one resource, as the fold table keeps it. An item exists from the moment
 * a run claims the alert until the recovery message is sent.
 *
 * @param status      the problem when it opened ({@code BREACH} or {@code NO_COPY})
 * @param alertedAt   when its alert was published; empty while a claim to publish it is pending
 * @param claimUntil  a run holds the right to publish the alert (or the recovery message) until then
 * @param recovering  set while a run publishes the recovery message
 * @param checks      how many runs have seen the problem
 * @param version     bumped by every claim: the condition of the next write
 */
public record AlertState(String resource, RpoStatus status, String policy, Instant openedAt, Optional<Instant> alertedAt,
                         Optional<Instant> claimUntil, boolean recovering, Instant lastSeenAt, long checks, long version) {

    boolean claimedAt(Instant now) {
        return claimUntil.isPresent() && claimUntil.get().isAfter(now);
    }
}
