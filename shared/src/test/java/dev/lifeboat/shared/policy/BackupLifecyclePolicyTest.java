package dev.lifeboat.shared.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The policy document's {@code backupLifecycle}: what AWS Backup keeps Lifeboat's copies for. */
class BackupLifecyclePolicyTest {

    private static final Policy DEFAULT = PolicyDocument.parseDefault("");

    @Test
    void aPolicyWithoutLifecycleKeepsCopiesAsTheVaultDoes() {
        assertThat(PolicyDocument.parse("""
                {"policies": {"gold": {"rpoHours": 4}}}""", DEFAULT).find("gold").orElseThrow().backupLifecycle())
                .isEqualTo(BackupLifecycle.KEEP);
    }

    @Test
    void readsColdStorageAndDeletionDays() {
        assertThat(PolicyDocument.parse("""
                {"policies": {"gold": {"backupLifecycle": {"moveToColdStorageAfterDays": 30, "deleteAfterDays": 365}}}}""", DEFAULT)
                .find("gold").orElseThrow().backupLifecycle()).isEqualTo(new BackupLifecycle(30, 365));
    }

    @Test
    void deletionSoonerThan90DaysAfterColdStorageIsRejectedNamingTheField() {
        assertThatThrownBy(() -> PolicyDocument.parse("""
                {"policies": {"gold": {"backupLifecycle": {"moveToColdStorageAfterDays": 30, "deleteAfterDays": 100}}}}""", DEFAULT))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("policies.gold.backupLifecycle.deleteAfterDays");
    }

    @Test
    void fractionalDaysAreRejectedNamingTheField() {
        assertThatThrownBy(() -> PolicyDocument.parse("""
                {"policies": {"gold": {"backupLifecycle": {"deleteAfterDays": 1.5}}}}""", DEFAULT))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("policies.gold.backupLifecycle.deleteAfterDays");
    }
}
