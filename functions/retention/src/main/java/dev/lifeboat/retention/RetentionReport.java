package dev.lifeboat.retention;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one retention run did (or, in a dry run, would do): counts per kind of copy, the copies
 * deleted and archived with their reasons, what failed, and whether the run got through all its
 * work or stopped at its time or action budget.
 */
public final class RetentionReport {

    /** The most entries each list in {@link #toResult()} holds: a Lambda result is limited to 6 MB. */
    static final int MAX_LISTED = 1000;

    /** One deletion or archive move, done, to do (dry run) or failed. */
    public record Action(String copyId, CopyKind kind, String source, Decision.Action action, String reason, String error) {
    }

    /** Counts for one kind of copy. */
    public static final class Counts {
        int examined;
        int kept;
        int deleted;
        int archived;
        int failed;

        public int examined() {
            return examined;
        }

        public int kept() {
            return kept;
        }

        public int deleted() {
            return deleted;
        }

        public int archived() {
            return archived;
        }

        public int failed() {
            return failed;
        }
    }

    private final boolean dryRun;
    private final Map<CopyKind, Counts> counts = new EnumMap<>(CopyKind.class);
    private final List<Action> done = new ArrayList<>();
    private final List<Action> failures = new ArrayList<>();
    private final List<String> runFailures = new ArrayList<>();
    private int deferred;
    private int unknownPolicyCopies;

    RetentionReport(boolean dryRun) {
        this.dryRun = dryRun;
        for (CopyKind kind : CopyKind.values()) {
            counts.put(kind, new Counts());
        }
    }

    public boolean dryRun() {
        return dryRun;
    }

    public Counts counts(CopyKind kind) {
        return counts.get(kind);
    }

    /** Deletions and archive moves done (or, in a dry run, that would be done). */
    public List<Action> actions() {
        return List.copyOf(done);
    }

    public List<Action> failures() {
        return List.copyOf(failures);
    }

    /** Failures not tied to one copy: a listing, the restore lookup, the policy document. */
    public List<String> runFailures() {
        return List.copyOf(runFailures);
    }

    /** Actions left for the next run because the time or action budget ran out. */
    public int deferred() {
        return deferred;
    }

    public int unknownPolicyCopies() {
        return unknownPolicyCopies;
    }

    public boolean complete() {
        return deferred == 0;
    }

    public boolean failed() {
        return !failures.isEmpty() || !runFailures.isEmpty();
    }

    public int failureCount() {
        return failures.size() + runFailures.size();
    }

    void examined(CopyKind kind, int copies) {
        counts.get(kind).examined += copies;
    }

    void kept(CopyKind kind) {
        counts.get(kind).kept++;
    }

    void done(Action action) {
        done.add(action);
        Counts kindCounts = counts.get(action.kind());
        if (action.action() == Decision.Action.DELETE) {
            kindCounts.deleted++;
        } else {
            kindCounts.archived++;
            kindCounts.kept++;
        }
    }

    void failed(Action action) {
        failures.add(action);
        Counts kindCounts = counts.get(action.kind());
        kindCounts.failed++;
        kindCounts.kept++;
    }

    void deferred(Decision decision) {
        deferred++;
        counts.get(decision.copy().kind()).kept++;
    }

    void runFailure(String message) {
        runFailures.add(message);
    }

    void unknownPolicy(int copies) {
        unknownPolicyCopies += copies;
    }

    /** The handler's result: plain maps and lists, as the Lambda runtime serializes them. */
    public Map<String, Object> toResult() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dryRun", dryRun);
        result.put("complete", complete());
        result.put("deferred", deferred);
        Map<String, Object> perKind = new LinkedHashMap<>();
        counts.forEach((kind, c) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("examined", c.examined);
            entry.put("kept", c.kept);
            entry.put(dryRun ? "wouldDelete" : "deleted", c.deleted);
            entry.put(dryRun ? "wouldArchive" : "archived", c.archived);
            entry.put("failed", c.failed);
            perKind.put(kind.tagValue(), entry);
        });
        result.put("copies", perKind);
        result.put(dryRun ? "wouldDelete" : "deleted", listed(done, Decision.Action.DELETE));
        result.put(dryRun ? "wouldArchive" : "archived", listed(done, Decision.Action.ARCHIVE));
        List<Map<String, Object>> failed = new ArrayList<>();
        failures.stream().limit(MAX_LISTED).forEach(action -> {
            Map<String, Object> entry = entry(action);
            entry.put("error", action.error());
            failed.add(entry);
        });
        runFailures.stream().limit(MAX_LISTED).forEach(message -> failed.add(new LinkedHashMap<>(Map.of("error", message))));
        result.put("failures", failed);
        result.put("unknownPolicyCopies", unknownPolicyCopies);
        return result;
    }

    private static List<Map<String, Object>> listed(List<Action> actions, Decision.Action kind) {
        return actions.stream().filter(action -> action.action() == kind).limit(MAX_LISTED).map(RetentionReport::entry).toList();
    }

    private static Map<String, Object> entry(Action action) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("copy", action.copyId());
        entry.put("resourceType", action.kind().tagValue());
        entry.put("source", action.source());
        entry.put("reason", action.reason());
        return entry;
    }
}
