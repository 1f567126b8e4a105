package dev.lifeboat.healthreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.policy.RetentionTiers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionTierClassifierTest {

    private static final Policy TWO_DAILY_ONE_WEEKLY = new Policy(PolicyDocument.DEFAULT_POLICY_NAME, Duration.ofHours(24), "us-west-2",
            Optional.empty(), "alias/lifeboat-recovery", new RetentionTiers(2, 1, 0, 0), 0, ZoneId.of("Europe/Berlin"));

    @Test
    void keepsWhatRetentionsSelectionKeepsInThePolicysZone() {
        // GIVEN 23:30 UTC on 9 March is already 10 March in Berlin, the same local day as the copy at 06:00 UTC on 10 March
        List<CopyRecord> copies = List.of(
                snapshot("snap-a", "2025-03-10T06:00:00Z"), snapshot("snap-b", "2025-03-09T23:30:00Z"), snapshot("snap-c", "2025-03-08T12:00:00Z"),
                snapshot("snap-d", "2025-03-07T12:00:00Z"));

        Map<String, Set<String>> tiers = new RetentionTierClassifier().tiers(TWO_DAILY_ONE_WEEKLY, copies);

        // THEN the newest copy of each of the two newest local days is daily, the newest of the newest week weekly
        assertThat(tiers).containsEntry("snap-a", Set.of("daily", "weekly")).containsEntry("snap-b", Set.of())
                .containsEntry("snap-c", Set.of("daily")).containsEntry("snap-d", Set.of());
    }

    @Test
    void breaksTiesByIdAsRetentionsPlannerDoesAndLeavesAwsBackupRecoveryPointsUntiered() {
        List<CopyRecord> copies = List.of(snapshot("snap-1", "2025-03-10T06:00:00Z"), snapshot("snap-2", "2025-03-10T06:00:00Z"),
                new CopyRecord("arn:aws:backup:us-west-2:123456789012:recovery-point:rp-1", "backup-recovery-point",
                        Instant.parse("2025-03-10T07:00:00Z"), StorageClass.BACKUP_WARM, 1));

        Map<String, Set<String>> tiers = new RetentionTierClassifier().tiers(TWO_DAILY_ONE_WEEKLY, copies);

        assertThat(tiers).containsEntry("snap-2", Set.of("daily", "weekly")).containsEntry("snap-1", Set.of())
                .doesNotContainKey("arn:aws:backup:us-west-2:123456789012:recovery-point:rp-1");
    }

    private static CopyRecord snapshot(String id, String createdAt) {
        return new CopyRecord(id, "ebs-snapshot", Instant.parse(createdAt), StorageClass.EBS_STANDARD, 1);
    }
}
