package dev.lifeboat.rpomonitor;

import java.time.Instant;
import java.util.Map;

/**
 * The fold table: one item per resource with an open RPO problem. Every transition is a
 * conditional write, so two runs at once (a duplicate schedule delivery, a retry) never both
 * publish: the one whose write fails stands back.
 */
public interface AlertStates {

    /** Every open problem, by resource. */
    Map<String, AlertState> open();

    /** Opens a problem and claims its alert; false when an item for the resource already exists. */
    boolean claimNew(ResourceReport report, Instant now, Instant claimUntil);

    /** Takes over a claim whose holder never published (it crashed); false when the item changed meanwhile. */
    boolean takeOver(AlertState state, Instant now, Instant claimUntil);

    /** Records that the alert was published (after {@link #claimNew} or {@link #takeOver}). */
    void alerted(String resource, long claimedVersion, Instant now);

    /** Counts one more run that saw the problem. */
    void fold(AlertState state, Instant now);

    /** Claims the right to send the recovery message; false when another run holds it or the item changed. */
    boolean claimRecovery(AlertState state, Instant now, Instant claimUntil);

    /** Closes the problem; false when the item changed meanwhile. */
    boolean close(String resource, long version);
}
