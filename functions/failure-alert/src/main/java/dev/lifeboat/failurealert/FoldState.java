package dev.lifeboat.failurealert;

import dev.lifeboat.shared.jobs.JobEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the alert function remembers about one failure of one resource: the window the last
 * message opened, how many repeats have been folded since, the last repeat (for the summary), and
 * the ids of the events already seen (duplicate deliveries). {@code version} guards concurrent writers.
 *
 * @param key          the failure kind and resource, as stored
 * @param windowEnds   until when repeats are folded instead of sent
 * @param lastSentAt   when the last message about this failure went out
 * @param pending      repeats folded since then, not yet reported
 * @param lastSeenAt   when the latest repeat arrived
 * @param lastEvent    the latest repeat, rendered when the folded repeats are reported
 * @param seenEventIds the most recent event ids, newest last
 */
public record FoldState(
        String key,
        Instant windowEnds,
        Instant lastSentAt,
        long pending,
        Instant lastSeenAt,
        JobEvent lastEvent,
        List<String> seenEventIds,
        long version) {

    static final int REMEMBERED_EVENT_IDS = 50;

    public FoldState {
        seenEventIds = List.copyOf(seenEventIds);
    }

    boolean hasSeen(String eventId) {
        return seenEventIds.contains(eventId);
    }

    static List<String> remember(List<String> ids, String eventId) {
        List<String> next = new ArrayList<>(ids);
        next.remove(eventId);
        next.add(eventId);
        return next.size() > REMEMBERED_EVENT_IDS ? next.subList(next.size() - REMEMBERED_EVENT_IDS, next.size()) : next;
    }
}
