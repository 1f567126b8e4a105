package dev.lifeboat.failurealert;

import dev.lifeboat.shared.jobs.JobEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Turns failures into alerts, one message per failure of a resource per window:
 * <ul>
 *   <li>the first failure (or the first after the window) is sent at once, and reports the
 *       repeats folded since the previous message;</li>
 *   <li>a repeat within the window is counted, not sent;</li>
 *   <li>{@link #sendSummaries()} (on a schedule) reports the repeats of windows that have closed
 *       with no later failure to carry them, so a count is never lost;</li>
 *   <li>an event already seen (a duplicate delivery) changes nothing.</li>
 * </ul>
 * A message is published before the fold state records it: a crash in between may repeat a
 * message, never lose one. Concurrent writers are serialised by the store's version check.
 */
public final class FailureAlertService {

    private static final int MAX_ATTEMPTS = 8;

    private final FoldStore store;
    private final AlertSink sink;
    private final AlertRenderer renderer;
    private final Duration window;
    private final Clock clock;

    public FailureAlertService(FoldStore store, AlertSink sink, AlertRenderer renderer, Duration window, Clock clock) {
        this.store = store;
        this.sink = sink;
        this.renderer = renderer;
        this.window = window;
        this.clock = clock;
    }

    public Duration window() {
        return window;
    }

    public AlertOutcome handle(JobEvent failure) {
        if (failure.failure().isEmpty()) {
            throw new IllegalArgumentException("not a failure: " + failure.state());
        }
        String key = keyOf(failure);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Optional<FoldState> current = store.load(key);
            if (current.isPresent() && current.get().hasSeen(failure.eventId())) {
                return new AlertOutcome.Duplicate();
            }
            if (current.isEmpty() || !now.isBefore(current.get().windowEnds())) {
                long repeats = current.map(FoldState::pending).orElse(0L);
                AlertMessage message = renderer.first(failure, repeats, current.map(FoldState::lastSentAt).orElse(now), window);
                sink.publish(message);
                recordSent(key, failure, now, current);
                return new AlertOutcome.Sent(message, repeats);
            }
            FoldState state = current.get();
            FoldState folded = new FoldState(key, state.windowEnds(), state.lastSentAt(), state.pending() + 1, now, failure,
                    FoldState.remember(state.seenEventIds(), failure.eventId()), state.version() + 1);
            if (store.save(folded, state.version())) {
                return new AlertOutcome.Folded(folded.pending());
            }
        }
        throw new IllegalStateException("fold state of " + key + " kept changing; the event will be retried");
    }

    /** Reports the folded repeats of every window that has closed; answers the messages sent. */
    public List<AlertMessage> sendSummaries() {
        Instant now = clock.instant();
        List<AlertMessage> sent = new ArrayList<>();
        for (FoldState state : store.dueForSummary(now)) {
            AlertMessage message = renderer.summary(state, window);
            sink.publish(message);
            FoldState reported = new FoldState(state.key(), state.windowEnds(), now, 0, state.lastSeenAt(), state.lastEvent(),
                    state.seenEventIds(), state.version() + 1);
            // a lost race means a failure has just reported these repeats itself, or another summary did
            store.save(reported, state.version());
            sent.add(message);
        }
        return sent;
    }

    /** After a message went out: a new window from now, nothing pending, the event remembered. */
    private void recordSent(String key, JobEvent failure, Instant now, Optional<FoldState> seen) {
        Optional<FoldState> current = seen;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<String> ids = FoldState.remember(current.map(FoldState::seenEventIds).orElse(List.of()), failure.eventId());
            long version = current.map(FoldState::version).orElse(0L);
            FoldState next = new FoldState(key, now.plus(window), now, 0, now, failure, ids, version + 1);
            if (store.save(next, version)) {
                return;
            }
            current = store.load(key);
        }
        throw new IllegalStateException("fold state of " + key + " kept changing after an alert was sent");
    }

    /** The failure kind and the resource; the resource hashed, as it may be any length and hold any character. */
    static String keyOf(JobEvent failure) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((failure.account() + "|" + failure.region() + "|" + failure.resource()).getBytes(StandardCharsets.UTF_8));
            return "fold#" + failure.failure().orElseThrow().name() + "#" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
