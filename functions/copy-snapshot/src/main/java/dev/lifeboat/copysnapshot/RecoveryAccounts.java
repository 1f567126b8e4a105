package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.aws.AwsClientFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The recovery accounts copies land in: for each, the role the recovery stack creates there
 * ({@code RecoveryCopyRole}, named by {@code RECOVERY_COPY_ROLE_NAME}), assumed with STS. The
 * session's credentials are cached and renewed a few minutes before they expire, so a warm
 * function calls {@code AssumeRole} about once an hour per account, not once per copy.
 */
final class RecoveryAccounts {

    static final String DEFAULT_ROLE_NAME = "lifeboat-recovery-copy";
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    private final AwsClientFactory clients;
    private final String roleName;
    private final Optional<String> externalId;
    private final Map<String, Snapshots> byAccount = new ConcurrentHashMap<>();
    private volatile StsClient sts;

    /** The EBS and RDS operations, signed as the recovery account's copy role. */
    record Snapshots(String account, String roleArn, EbsSnapshots ebs, RdsSnapshots rds) {
    }

    RecoveryAccounts(AwsClientFactory clients, String roleName, Optional<String> externalId) {
        if (!ROLE_NAME.matcher(roleName).matches()) {
            throw new IllegalStateException("environment variable RECOVERY_COPY_ROLE_NAME is not a role name: '" + roleName + "'");
        }
        this.clients = clients;
        this.roleName = roleName;
        this.externalId = externalId.map(String::trim).filter(id -> !id.isEmpty());
    }

    static RecoveryAccounts fromEnvironment(Map<String, String> environment, AwsClientFactory clients) {
        String role = environment.getOrDefault("RECOVERY_COPY_ROLE_NAME", "");
        return new RecoveryAccounts(clients, role.isBlank() ? DEFAULT_ROLE_NAME : role.trim(),
                Optional.ofNullable(environment.get("RECOVERY_COPY_EXTERNAL_ID")));
    }

    /** The copy role's snapshot operations in {@code account}; the role is assumed on first use. */
    Snapshots in(String account) {
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new CopyFailedException("recovery account '" + account + "' is not a 12-digit AWS account id: fix the policy's"
                    + " recoveryAccount", false, null);
        }
        return byAccount.computeIfAbsent(account, id -> {
            String arn = roleArn(id);
            AwsCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts())
                    .refreshRequest(r -> r.roleArn(arn).roleSessionName("lifeboat-copy")
                            .applyMutation(b -> externalId.ifPresent(b::externalId)))
                    .build();
            return new Snapshots(id, arn, new Ec2Snapshots(clients, credentials), new RdsApiSnapshots(clients, credentials));
        });
    }

    String roleArn(String account) {
        return "arn:" + partition() + ":iam::" + account + ":role/" + roleName;
    }

    private String partition() {
        String region = clients.homeRegion().id();
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    private StsClient sts() {
        if (sts == null) {
            synchronized (this) {
                if (sts == null) {
                    sts = clients.client(StsClient.builder(), "STS");
                }
            }
        }
        return sts;
    }
}
