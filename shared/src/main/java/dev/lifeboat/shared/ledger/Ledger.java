package dev.lifeboat.shared.ledger;

import java.time.Duration;
import java.util.Map;

/**
 * The idempotency ledger: at-least-once delivery makes every side effect a claim first. A claim
 * on a key is held for a lease; whoever holds it does the work and then completes or releases it.
 * A completed key is never claimed again, a released (failed) one may be, and an expired lease
 * can be taken over, so that a crashed invocation never blocks the work for good.
 */
public interface Ledger {

    /** Tries to claim {@code key} for {@code lease}. */
    Claim claim(String key, Duration lease);

    /** Marks the claimed work done, keeping {@code attributes} (such as the copy's id). */
    void complete(Claim.Acquired claim, Map<String, String> attributes);

    /** Gives the claim back after a failure, so that a retry may claim it again. */
    void release(Claim.Acquired claim, String reason);

    /** The outcome of a claim. */
    sealed interface Claim {

        /** The caller holds the key and must complete or release it. */
        record Acquired(String key, String token) implements Claim {
        }

        /** The work was done before; {@code attributes} are what was recorded then. */
        record AlreadyDone(String key, Map<String, String> attributes) implements Claim {
        }

        /** Someone else holds the key until {@code leaseUntilEpochSecond}: try again later. */
        record HeldElsewhere(String key, long leaseUntilEpochSecond) implements Claim {
        }
    }
}
