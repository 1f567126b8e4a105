package dev.lifeboat.rpomonitor;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.InvalidPolicyException;
import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.PolicyCatalog;
import dev.lifeboat.shared.policy.PolicyDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPO rule, free of AWS: groups the recovery region's copies and the primary region's tagged
 * resources by source resource, picks each one's newest completed copy, and measures its age
 * against the RPO of the resource's policy. The policy comes from the primary region's tag when
 * that region answered, else from the newest copy that carries one, else the default policy (AWS
 * Backup recovery points carry no tags in their listing).
 */
public final class RpoEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(RpoEvaluation.class);

    static final String FROM_PRIMARY_TAG = "primary-tag";
    static final String FROM_COPY_TAG = "copy-tag";
    static final String FROM_DEFAULT = "default";

    private final PolicyCatalog policies;

    public RpoEvaluation(PolicyCatalog policies) {
        this.policies = policies;
    }

    /** One report per protected resource, ordered by source ARN. */
    public List<ResourceReport> evaluate(List<RecoveryCopy> copies, List<TaggedResource> tagged, Instant now) {
        Map<String, List<RecoveryCopy>> copiesBySource = new TreeMap<>();
        copies.forEach(copy -> copiesBySource.computeIfAbsent(copy.sourceArn(), key -> new ArrayList<>()).add(copy));
        Map<String, TaggedResource> taggedBySource = new LinkedHashMap<>();
        tagged.forEach(resource -> taggedBySource.putIfAbsent(resource.sourceArn(), resource));
        TreeMap<String, Boolean> sources = new TreeMap<>();
        copiesBySource.keySet().forEach(source -> sources.put(source, true));
        taggedBySource.keySet().forEach(source -> sources.put(source, true));

        Map<String, PolicyAnswer> answers = new HashMap<>();
        List<ResourceReport> reports = new ArrayList<>(sources.size());
        for (String source : sources.keySet()) {
            reports.add(evaluate(source, copiesBySource.getOrDefault(source, List.of()), Optional.ofNullable(taggedBySource.get(source)),
                    now, answers));
        }
        return reports;
    }

    private ResourceReport evaluate(String source, List<RecoveryCopy> copies, Optional<TaggedResource> tagged, Instant now,
                                    Map<String, PolicyAnswer> answers) {
        Comparator<RecoveryCopy> byTime = Comparator.comparing(RecoveryCopy::recoveryPointTime).thenComparing(RecoveryCopy::copyId);
        Optional<RecoveryCopy> newest = copies.stream().filter(RecoveryCopy::completed).max(byTime);
        int completed = (int) copies.stream().filter(RecoveryCopy::completed).count();
        int inProgress = copies.size() - completed;

        String policyName;
        String policySource;
        Optional<String> copyPolicy = copies.stream().filter(copy -> copy.policy().isPresent()).max(byTime).flatMap(RecoveryCopy::policy);
        if (tagged.isPresent()) {
            policyName = tagged.get().policy();
            policySource = FROM_PRIMARY_TAG;
        } else if (copyPolicy.isPresent()) {
            policyName = copyPolicy.get();
            policySource = FROM_COPY_TAG;
        } else {
            policyName = PolicyDocument.DEFAULT_POLICY_NAME;
            policySource = FROM_DEFAULT;
        }
        String resourceType = tagged.map(TaggedResource::resourceType)
                .orElseGet(() -> copies.stream().map(RecoveryCopy::resourceType).findFirst().orElse("unknown"));
        String region = tagged.map(TaggedResource::region)
                .orElseGet(() -> copies.stream().map(RecoveryCopy::sourceRegion).findFirst().orElse(""));

        PolicyAnswer policy = answers.computeIfAbsent(policyName, name -> lookUp(name, source));
        Optional<Double> rpoHours = policy.rpo().map(rpo -> round(rpo.toSeconds() / 3600.0));
        Optional<Double> ageHours = newest.map(copy -> round(Math.max(0, Duration.between(copy.recoveryPointTime(), now).toSeconds()) / 3600.0));

        RpoStatus status;
        Optional<String> problem;
        if (newest.isEmpty()) {
            status = RpoStatus.NO_COPY;
            problem = Optional.of("no completed copy in the recovery region" + (inProgress > 0 ? " (" + inProgress + " in progress)" : "")
                    + policy.problem().map(p -> "; " + p).orElse(""));
        } else if (policy.rpo().isEmpty()) {
            status = RpoStatus.BREACH;
            problem = policy.problem();
        } else if (Duration.between(newest.get().recoveryPointTime(), now).compareTo(policy.rpo().get()) > 0) {
            status = RpoStatus.BREACH;
            problem = Optional.of("newest copy is " + hours(ageHours.get()) + " old, " + hours(round(ageHours.get() - rpoHours.get()))
                    + " over the RPO of " + hours(rpoHours.get()));
        } else {
            status = RpoStatus.COMPLIANT;
            problem = Optional.empty();
        }
        return new ResourceReport(source, resourceType, region, policyName, policySource, rpoHours, newest.map(RecoveryCopy::copyId),
                newest.map(RecoveryCopy::copyType), newest.map(RecoveryCopy::recoveryPointTime), ageHours, status, problem,
                completed, inProgress, tagged.isPresent());
    }

    private record PolicyAnswer(Optional<Duration> rpo, Optional<String> problem) {
    }

    /** Looks a policy up once per run; an unknown name or an invalid document is logged once, naming it, and is a breach. */
    private PolicyAnswer lookUp(String name, String firstResource) {
        try {
            Optional<Policy> policy = policies.find(name);
            if (policy.isPresent()) {
                return new PolicyAnswer(Optional.of(policy.get().rpo()), Optional.empty());
            }
            LOG.error("Policy '{}' (named by the lifeboat:policy tag of {} and maybe others) is not defined in the policy document:"
                    + " its resources are reported as breaches", SafeText.bounded(name, 128), SafeText.bounded(firstResource, 300));
            return new PolicyAnswer(Optional.empty(), Optional.of("policy '" + SafeText.bounded(name, 128)
                    + "' is not defined in the policy document, so no RPO applies"));
        } catch (InvalidPolicyException e) {
            LOG.error("Cannot look up policy '{}': the policy document is invalid: {}", SafeText.bounded(name, 128), e.getMessage());
            return new PolicyAnswer(Optional.empty(), Optional.of("policy '" + SafeText.bounded(name, 128)
                    + "' cannot be read: the policy document is invalid (" + SafeText.bounded(e.getMessage(), 300) + ")"));
        }
    }

    static double round(double hours) {
        return Math.round(hours * 100.0) / 100.0;
    }

    static String hours(double hours) {
        String text = hours == Math.rint(hours) ? Long.toString((long) hours) : Double.toString(hours);
        return text + (hours == 1 ? " hour" : " hours");
    }
}
