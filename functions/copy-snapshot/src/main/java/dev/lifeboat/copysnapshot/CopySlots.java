package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.ledger.Ledger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Copies in flight, counted in the ledger per resource type and destination: a copy takes a slot
 * before it starts and gives it back when it has finished (its completion event, or the poller).
 * A copy whose id is known is also findable by that id, which is all a completion event names.
 */
final class CopySlots {

    static final String COPY_ID = "copyId";
    static final String COPY_REGION = "copyRegion";
    static final String COPY_ACCOUNT = "copyAccount";
    static final String CLAIM_KEY = "claimKey";
    static final String RESOURCE_TYPE = "resourceType";
    static final String POOL = "pool";
    static final String HOLDER = "holder";
    static final String SOURCE = "source";
    static final String SOURCE_REGION = "sourceRegion";
    static final String STATE = "state";

    private final Ledger ledger;
    private final CopyCaps caps;

    CopySlots(Ledger ledger, CopyCaps caps) {
        this.ledger = ledger;
        this.caps = caps;
    }

    /** The pool of {@code resourceType} copies into {@code destination} (a Region, or account/Region). */
    static String pool(String resourceType, String destination) {
        return "slots/" + resourceType + "/" + destination;
    }

    /** Where a copy is found by its id: the Region the copy job runs in and the copy's id there. */
    static String copyKey(String resourceType, String copyRegion, String copyId) {
        return "copyref/" + resourceType + "/" + copyRegion + "/" + copyId;
    }

    /**
     * Whether the pool has a free slot now: a cheap read that spares a request sure to be deferred
     * its claim and slot writes. Only {@link #take} decides; this merely looks.
     */
    boolean hasRoom(String resourceType, String destination) {
        return ledger.slots(pool(resourceType, destination)).size() < caps.of(resourceType);
    }

    /** Takes a slot for {@code holder} if the cap allows; false means: try later. */
    boolean take(String resourceType, String destination, String holder, Map<String, String> details) {
        Map<String, String> all = new HashMap<>(details);
        all.put(RESOURCE_TYPE, resourceType);
        return ledger.acquireSlot(pool(resourceType, destination), caps.of(resourceType), holder, all);
    }

    /** The copy that holds the slot has started as {@code copyId} in {@code copyRegion}. */
    void started(String resourceType, String destination, String holder, String copyRegion, String copyId,
                 String claimKey, Map<String, String> details) {
        Map<String, String> all = new HashMap<>(details);
        all.put(RESOURCE_TYPE, resourceType);
        all.put(COPY_ID, copyId);
        all.put(COPY_REGION, copyRegion);
        all.put(CLAIM_KEY, claimKey);
        String pool = pool(resourceType, destination);
        ledger.updateSlot(pool, holder, all);
        Map<String, String> reference = new HashMap<>(all);
        reference.put(POOL, pool);
        reference.put(HOLDER, holder);
        reference.put(STATE, "IN_FLIGHT");
        ledger.remember(copyKey(resourceType, copyRegion, copyId), reference);
    }

    /** Gives back a slot taken for a copy that did not start. */
    void giveBack(String resourceType, String destination, String holder) {
        ledger.releaseSlot(pool(resourceType, destination), holder);
    }

    /** What the ledger knows of a copy by its id, if Lifeboat started it. */
    Optional<Map<String, String>> find(String resourceType, String copyRegion, String copyId) {
        return ledger.recall(copyKey(resourceType, copyRegion, copyId));
    }
}
