package dev.lifeboat.rpomonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.shared.policy.InvalidPolicyException;
import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.PolicyCatalog;
import dev.lifeboat.shared.policy.RetentionTiers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The RPO rule on its own: which copy counts, how old it is, which policy applies. */
class RpoEvaluationTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String VOLUME = "arn:aws:ec2:us-east-1:123456789012:volume/vol-1";
    private static final PolicyCatalog POLICIES = name -> switch (name) {
        case "gold" -> Optional.of(policy(name, 4));
        case "silver", "default" -> Optional.of(policy(name, 24));
        default -> Optional.empty();
    };

    private final RpoEvaluation evaluation = new RpoEvaluation(POLICIES);

    @Test
    void copyStillInProgressIsNotTheNewestCopy() {
        ResourceReport report = only(evaluation.evaluate(List.of(copy("old", hoursAgo(3), true, "gold"),
                copy("running", hoursAgo(0), false, "gold")), List.of(), NOW));

        assertThat(report.newestCopyId()).contains("old");
        assertThat(report.ageHours()).contains(3.0);
        assertThat(report.copiesInProgress()).isEqualTo(1);
    }

    @Test
    void onlyCopiesInProgressIsNoCopy() {
        ResourceReport report = only(evaluation.evaluate(List.of(copy("running", hoursAgo(0), false, "gold")), List.of(), NOW));

        assertThat(report.status()).isEqualTo(RpoStatus.NO_COPY);
        assertThat(report.problem()).contains("no completed copy in the recovery region (1 in progress)");
    }

    @Test
    void copyExactlyAsOldAsTheRpoIsCompliantAndOneSecondMoreIsABreach() {
        assertThat(only(evaluation.evaluate(List.of(copy("a", hoursAgo(4), true, "gold")), List.of(), NOW)).status())
                .isEqualTo(RpoStatus.COMPLIANT);
        assertThat(only(evaluation.evaluate(List.of(copy("a", hoursAgo(4).minusSeconds(1), true, "gold")), List.of(), NOW)).status())
                .isEqualTo(RpoStatus.BREACH);
    }

    @Test
    void copyDatedInTheFutureIsZeroHoursOld() {
        assertThat(only(evaluation.evaluate(List.of(copy("a", NOW.plusSeconds(600), true, "gold")), List.of(), NOW)).ageHours())
                .contains(0.0);
    }

    @Test
    void primaryRegionTagWinsOverTheCopiesTag() {
        ResourceReport report = only(evaluation.evaluate(List.of(copy("a", hoursAgo(10), true, "silver")),
                List.of(new TaggedResource(VOLUME, "ebs-volume", "us-east-1", "gold")), NOW));

        assertThat(report.policy()).isEqualTo("gold");
        assertThat(report.policySource()).isEqualTo("primary-tag");
        assertThat(report.status()).isEqualTo(RpoStatus.BREACH);
    }

    @Test
    void invalidPolicyDocumentIsABreachThatSaysSo() {
        RpoEvaluation broken = new RpoEvaluation(name -> {
            throw new InvalidPolicyException("policies.gold.rpoHours", "must be a positive number");
        });

        ResourceReport report = only(broken.evaluate(List.of(copy("a", hoursAgo(1), true, "gold")), List.of(), NOW));

        assertThat(report.status()).isEqualTo(RpoStatus.BREACH);
        assertThat(report.rpoHours()).isEmpty();
        assertThat(report.problem()).get().asString().contains("policy 'gold' cannot be read: the policy document is invalid")
                .contains("policies.gold.rpoHours");
    }

    @Property
    void aResourceIsCompliantExactlyWhenSomeCompletedCopyIsWithinItsRpo(
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 600) Integer> minutesAgo,
            @ForAll @Size(max = 8) List<Boolean> completed) {
        List<RecoveryCopy> copies = new ArrayList<>();
        for (int i = 0; i < minutesAgo.size(); i++) {
            copies.add(copy("c" + i, NOW.minus(Duration.ofMinutes(minutesAgo.get(i))), i < completed.size() && completed.get(i), "gold"));
        }
        List<ResourceReport> reports = evaluation.evaluate(copies, List.of(new TaggedResource(VOLUME, "ebs-volume", "us-east-1", "gold")), NOW);

        ResourceReport report = only(reports);
        Optional<Integer> youngest = new ArrayList<>(copies).stream().filter(RecoveryCopy::completed)
                .map(c -> (int) Duration.between(c.recoveryPointTime(), NOW).toMinutes()).min(Integer::compare);
        assertThat(report.status()).isEqualTo(youngest.isEmpty() ? RpoStatus.NO_COPY
                : youngest.get() <= 240 ? RpoStatus.COMPLIANT : RpoStatus.BREACH);
        assertThat(report.ageHours()).isEqualTo(youngest.map(m -> RpoEvaluation.round(m * 60 / 3600.0)));
        assertThat(report.completedCopies() + report.copiesInProgress()).isEqualTo(copies.size());
    }

    private static ResourceReport only(List<ResourceReport> reports) {
        assertThat(reports).hasSize(1);
        return reports.getFirst();
    }

    private static Instant hoursAgo(int hours) {
        return NOW.minus(Duration.ofHours(hours));
    }

    private static RecoveryCopy copy(String id, Instant at, boolean completed, String policy) {
        return new RecoveryCopy(VOLUME, "ebs-volume", "us-east-1", Optional.of(policy), id, "ebs-snapshot", at, completed);
    }

    private static Policy policy(String name, int rpoHours) {
        return new Policy(name, Duration.ofHours(rpoHours), "us-west-2", Optional.empty(), "alias/lifeboat-recovery",
                RetentionTiers.DEFAULT, 0, ZoneOffset.UTC);
    }
}
