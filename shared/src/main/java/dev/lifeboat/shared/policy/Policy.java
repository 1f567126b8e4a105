package dev.lifeboat.shared.policy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A protection policy, named by a resource's {@code lifeboat:policy} tag: how fresh its newest
 * recovery-region copy must be (RPO), where copies go and under which key, and how long they live.
 *
 * @param recoveryAccount the account copies land in; empty for the account the copy runs in
 * @param recoveryKmsKey  the key copies are encrypted with, as the recovery region knows it
 *                        (alias name, alias ARN, key id or key ARN)
 * @param archiveAfterDays move EBS copies to the archive tier after this many days; 0 never
 * @param backupLifecycle the lifecycle of AWS Backup recovery points Lifeboat copies to the recovery vault
 * @param drills          whether and where scheduled restore drills restore this policy's copies
 */
public record Policy(
        String name,
        Duration rpo,
        String recoveryRegion,
        Optional<String> recoveryAccount,
        String recoveryKmsKey,
        RetentionTiers retention,
        int archiveAfterDays,
        ZoneId timeZone,
        BackupLifecycle backupLifecycle,
        DrillSettings drills) {

    /** A policy without scheduled drills. */
    public Policy(String name, Duration rpo, String recoveryRegion, Optional<String> recoveryAccount, String recoveryKmsKey,
                  RetentionTiers retention, int archiveAfterDays, ZoneId timeZone, BackupLifecycle backupLifecycle) {
        this(name, rpo, recoveryRegion, recoveryAccount, recoveryKmsKey, retention, archiveAfterDays, timeZone, backupLifecycle,
                DrillSettings.OFF);
    }

    /** A policy whose AWS Backup copies are kept as the recovery vault keeps them. */
    public Policy(String name, Duration rpo, String recoveryRegion, Optional<String> recoveryAccount, String recoveryKmsKey,
                  RetentionTiers retention, int archiveAfterDays, ZoneId timeZone) {
        this(name, rpo, recoveryRegion, recoveryAccount, recoveryKmsKey, retention, archiveAfterDays, timeZone, BackupLifecycle.KEEP);
    }
}
