package dev.lifeboat.retention;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.PolicyCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retention run over the recovery region: list Lifeboat's copies, group them by source
 * resource, look up each source's policy, plan with {@link RetentionPlanner}, then delete and
 * archive, oldest first, within the run's budget. Whatever cannot be decided safely is kept:
 * copies whose policy is unknown, everything when the running restores cannot be read.
 */
public final class RetentionService {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);

    private final RecoveryCopies copies;
    private final RestoreActivity restores;
    private final PolicyCatalog policies;
    private final Clock clock;
    private final RetentionLimits limits;

    public RetentionService(RecoveryCopies copies, RestoreActivity restores, PolicyCatalog policies, Clock clock, RetentionLimits limits) {
        this.copies = copies;
        this.restores = restores;
        this.policies = policies;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Runs retention; in a dry run nothing is deleted or archived, the report says what would be.
     * {@code remainingMillis} is the invocation's time left ({@code Context.getRemainingTimeInMillis}).
     */
    public RetentionReport run(boolean dryRun, LongSupplier remainingMillis) {
        RetentionReport report = new RetentionReport(dryRun);
        Instant now = clock.instant();

        List<RecoveryCopy> all = new ArrayList<>();
        for (CopyKind kind : CopyKind.values()) {
            try {
                List<RecoveryCopy> listed = copies.list(kind);
                report.examined(kind, listed.size());
                all.addAll(listed);
            } catch (RetentionActionException e) {
                LOG.error("Cannot list the {} copies: they are left as they are this run: {}", kind.tagValue(), e.getMessage(),
                        entry("resourceType", kind.tagValue()), entry("errorCode", e.code()));
                report.runFailure(e.getMessage());
            }
        }

        boolean actionsAllowed = true;
        Protections protections = Protections.NONE;
        try {
            protections = restores.protections();
        } catch (RuntimeException e) {
            LOG.error("Cannot tell which copies running restores use: nothing is deleted or archived this run: {}",
                    SafeText.bounded(e.getMessage(), 500));
            report.runFailure("finding the copies running restores use failed: " + SafeText.bounded(e.getMessage(), 500));
            actionsAllowed = false;
        }

        Map<RecoveryCopy.SourceKey, List<RecoveryCopy>> bySource = new LinkedHashMap<>();
        all.forEach(copy -> bySource.computeIfAbsent(copy.source(), key -> new ArrayList<>()).add(copy));

        List<Decision> actions = new ArrayList<>();
        boolean catalogFailed = false;
        for (Map.Entry<RecoveryCopy.SourceKey, List<RecoveryCopy>> group : bySource.entrySet()) {
            Optional<RetentionRule> rule;
            try {
                rule = rule(group.getKey(), group.getValue(), report);
            } catch (RuntimeException e) {
                if (!catalogFailed) {
                    LOG.error("Cannot read the policy document: every copy is kept this run: {}", SafeText.bounded(e.getMessage(), 500));
                    report.runFailure("reading the policy document failed: " + SafeText.bounded(e.getMessage(), 500));
                    catalogFailed = true;
                }
                rule = Optional.empty();
            }
            if (rule.isEmpty()) {
                group.getValue().forEach(copy -> report.kept(copy.kind()));
                continue;
            }
            for (Decision decision : RetentionPlanner.plan(group.getValue(), rule.get(), protections, now)) {
                if (decision.action() == Decision.Action.KEEP || !actionsAllowed) {
                    report.kept(decision.copy().kind());
                    LOG.debug("Keeping {}: {}", decision.copy().id(), decision.reason());
                } else {
                    actions.add(decision);
                }
            }
        }

        actions.sort(Comparator.comparing((Decision d) -> d.action() == Decision.Action.DELETE ? 0 : 1)
                .thenComparing(d -> d.copy().createdAt().orElse(Instant.MIN)));
        Set<String> tiering = tieringInProgress(actions, report);
        int started = 0;
        for (Decision decision : actions) {
            RecoveryCopy copy = decision.copy();
            if (decision.action() == Decision.Action.ARCHIVE && tiering.contains(copy.id())) {
                LOG.info("Not archiving {}: a tiering operation on it is in progress", copy.id(), entry("copyId", copy.id()));
                report.kept(copy.kind());
                continue;
            }
            // a dry run changes nothing, so the action budget does not bound it; the invocation's time does
            if ((!dryRun && started >= limits.maxActions()) || remainingMillis.getAsLong() < limits.stopMarginMillis()) {
                report.deferred(decision);
                continue;
            }
            started++;
            act(decision, dryRun, report);
        }
        if (!report.complete()) {
            LOG.warn("Stopped with {} deletions or archive moves left (budget: {} actions, stop {} ms before the time limit): the next run"
                    + " continues", report.deferred(), limits.maxActions(), limits.stopMarginMillis(), entry("deferred", report.deferred()));
        }
        return report;
    }

    /** The group's rule, or empty (keep everything) when a copy names no policy or one the catalog does not know. */
    private Optional<RetentionRule> rule(RecoveryCopy.SourceKey source, List<RecoveryCopy> group, RetentionReport report) {
        Set<String> names = new LinkedHashSet<>();
        boolean untagged = false;
        for (RecoveryCopy copy : group) {
            Optional<String> name = copy.policyName();
            if (name.isPresent()) {
                names.add(name.get());
            } else {
                untagged = true;
            }
        }
        Map<String, Policy> known = new LinkedHashMap<>();
        for (String name : names) {
            Optional<Policy> policy = policies.find(name);
            if (policy.isEmpty()) {
                LOG.error("Policy '{}' named by copies of {} is not in the policy document: keeping all {} of its copies",
                        SafeText.bounded(name, 128), source, group.size(), entry("policy", SafeText.bounded(name, 128)),
                        entry("source", source.toString()));
                report.unknownPolicy(group.size());
                return Optional.empty();
            }
            known.put(name, policy.get());
        }
        if (untagged) {
            LOG.error("Copies of {} carry no lifeboat:policy tag: keeping all {} of its copies", source, group.size(),
                    entry("source", source.toString()));
            report.unknownPolicy(group.size());
            return Optional.empty();
        }
        // the newest copy's policy is what the source asks for now
        String current = group.stream()
                .max(Comparator.comparing((RecoveryCopy copy) -> copy.createdAt().orElse(Instant.MIN)).thenComparing(RecoveryCopy::id))
                .flatMap(RecoveryCopy::policyName).orElseThrow();
        return Optional.of(RetentionRule.of(known.get(current)));
    }

    private Set<String> tieringInProgress(List<Decision> actions, RetentionReport report) {
        List<String> candidates = actions.stream().filter(d -> d.action() == Decision.Action.ARCHIVE).map(d -> d.copy().id()).toList();
        if (candidates.isEmpty()) {
            return Set.of();
        }
        try {
            return copies.tieringInProgress(candidates);
        } catch (RetentionActionException e) {
            LOG.error("Cannot read the snapshots' tiering status: no copy is archived this run: {}", e.getMessage(),
                    entry("errorCode", e.code()));
            report.runFailure(e.getMessage());
            return Set.copyOf(candidates);
        }
    }

    private void act(Decision decision, boolean dryRun, RetentionReport report) {
        RecoveryCopy copy = decision.copy();
        String verb = decision.action() == Decision.Action.DELETE ? "delete" : "archive";
        RetentionReport.Action action = new RetentionReport.Action(copy.id(), copy.kind(), copy.source().toString(), decision.action(),
                decision.reason(), null);
        if (dryRun) {
            LOG.info("Dry run: would {} {} ({}): {}", verb, copy.id(), copy.source(), decision.reason(),
                    entry("dryRun", true), entry("action", verb), entry("copyId", copy.id()), entry("resourceType", copy.kind().tagValue()),
                    entry("source", copy.source().toString()), entry("reason", decision.reason()));
            report.done(action);
            return;
        }
        try {
            if (decision.action() == Decision.Action.DELETE) {
                copies.delete(copy);
            } else {
                copies.archive(copy);
            }
            LOG.info("{} {} ({}): {}", decision.action() == Decision.Action.DELETE ? "Deleted" : "Archiving", copy.id(), copy.source(),
                    decision.reason(), entry("dryRun", false), entry("action", verb), entry("copyId", copy.id()),
                    entry("resourceType", copy.kind().tagValue()), entry("source", copy.source().toString()),
                    entry("reason", decision.reason()));
            report.done(action);
        } catch (RetentionActionException e) {
            LOG.error("Could not {} {} ({}): {}", verb, copy.id(), copy.source(), e.getMessage(), entry("action", verb),
                    entry("copyId", copy.id()), entry("resourceType", copy.kind().tagValue()), entry("errorCode", e.code()));
            report.failed(new RetentionReport.Action(copy.id(), copy.kind(), copy.source().toString(), decision.action(),
                    decision.reason(), e.getMessage()));
        }
    }
}
