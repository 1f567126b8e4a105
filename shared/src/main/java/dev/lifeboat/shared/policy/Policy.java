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
 */
public record Policy(
        String name,
        Duration rpo,
        String recoveryRegion,
        Optional<String> recoveryAccount,
        String recoveryKmsKey,
        RetentionTiers retention,
        int archiveAfterDays,
        ZoneId timeZone) {
}
