package dev.lifeboat.shared.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The idempotency ledger: at-least-once delivery makes every side effect a claim first. A claim
 * on a key is held for a lease; whoever holds it does the work and then completes or releases it.
 * A completed key is never claimed again, a released (failed) one may be, and an expired lease
 * can be taken over, so that a crashed invocation never blocks the work for good.
 *
 * <p>The ledger also counts work in flight: a <em>pool</em> (such as "RDS snapshot copies into
 * us-west-2") holds at most a cap of <em>slots</em>, each taken by one holder until it is released,
 * whoever releases it and however often.
 */
public interface Ledger {

    /** Tries to claim {@code key} for {@code lease}. */
    Claim claim(String key, Duration lease);

    /** Marks the claimed work done, keeping {@code attributes} (such as the copy's id). */
    void complete(Claim.Acquired claim, Map<String, String> attributes);

    /** Gives the claim back after a failure, so that a retry may claim it again. */
    void release(Claim.Acquired claim, String reason);

    /** Marks completed work as failed after the fact (a copy that started but then failed), so that it may be claimed again. */
    void reopen(String key, String reason);

    /** Takes a slot of {@code pool} for {@code holder} if fewer than {@code cap} are taken; a holder that has one keeps it. */
    boolean acquireSlot(String pool, int cap, String holder, Map<String, String> details);

    /** Replaces the details of {@code holder}'s slot (such as the copy's id once it is known); no-op without a slot. */
    void updateSlot(String pool, String holder, Map<String, String> details);

    /** Frees {@code holder}'s slot; false when it held none (already released). */
    boolean releaseSlot(String pool, String holder);

    /** The slots of {@code pool} taken now, by holder. */
    Map<String, Slot> slots(String pool);

    /** Keeps a small record under {@code key} (such as which slot a copy holds), overwriting any before. */
    void remember(String key, Map<String, String> attributes);

    /** The record kept under {@code key}, if any. */
    Optional<Map<String, String>> recall(String key);

    /** One taken slot: since when, and what its holder recorded about the work. */
    record Slot(String holder, Instant since, Map<String, String> details) {
    }

    /** The outcome of a claim. */
    sealed interface Claim {

        /**
         * The caller holds the key and must complete or release it. {@code fresh} when no one had
         * claimed the key before; otherwise this takes over an earlier attempt (a lease that expired,
         * or a failure) that may have left work behind, such as a copy it started before it crashed.
         */
        record Acquired(String key, String token, boolean fresh) implements Claim {
        }

        /** The work was done before; {@code attributes} are what was recorded then. */
        record AlreadyDone(String key, Map<String, String> attributes) implements Claim {
        }

        /** Someone else holds the key until {@code leaseUntilEpochSecond}: try again later. */
        record HeldElsewhere(String key, long leaseUntilEpochSecond) implements Claim {
        }
    }
}
