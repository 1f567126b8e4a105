package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.policy.Policy;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * Copies into another account are share-then-copy: the source account shares the snapshot with
 * the recovery account, and the recovery account, through the role its recovery stack creates,
 * copies it into the recovery Region with its own key. This holds what both copy services need
 * for that: the recovery accounts' roles, and the check that a source can be shared at all.
 */
final class CrossAccount {

    /** No cross-account copies: a policy naming a recovery account fails with a clear error. */
    static final CrossAccount NONE = new CrossAccount(null, null);

    private final RecoveryAccounts accounts;
    private final SourceKeys keys;

    CrossAccount(RecoveryAccounts accounts, SourceKeys keys) {
        this.accounts = accounts;
        this.keys = keys;
    }

    /** The recovery account's snapshot APIs, signed as its copy role. */
    RecoveryAccounts.Snapshots in(Policy policy, String account) {
        if (accounts == null) {
            throw new CopyFailedException("policy '" + policy.name() + "' names recovery account " + account
                    + ", but this function is not set up for cross-account copies (RECOVERY_COPY_ROLE_NAME, see the README)", false, null);
        }
        return accounts.in(account);
    }

    /**
     * Refuses, for good, a source AWS will not share: one encrypted with the AWS managed key of its
     * service ({@code awsKey}). Anything else is shared; a key policy that does not let the recovery
     * account use the key makes AWS refuse the copy, and that error is reported as it comes.
     */
    void checkShareable(Region region, String sourceId, boolean encrypted, Optional<String> kmsKeyId, String awsKey, String account,
                        String remedy) {
        if (!encrypted || kmsKeyId.isEmpty() || keys == null) {
            return;
        }
        if (kmsKeyId.get().endsWith("alias/" + awsKey) || keys.awsManaged(region, kmsKeyId.get())) {
            throw new CopyFailedException(sourceId + " in " + region + " is encrypted with the AWS managed key " + awsKey + " ("
                    + kmsKeyId.get() + "), and AWS does not let a snapshot encrypted with an AWS managed key be shared, so it"
                    + " cannot be copied to recovery account " + account + ". To protect it: " + remedy + ", using a customer managed"
                    + " key whose key policy allows account " + account + " kms:Decrypt, kms:DescribeKey and kms:CreateGrant", false, null);
        }
    }
}
