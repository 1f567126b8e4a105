package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.event.RdsSnapshotEvent;
import dev.lifeboat.shared.event.RdsSnapshotEvent.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AccountQuota;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * {@link RdsSnapshots} on the RDS API, one client per Region, built on first use. A cross-Region
 * copy is called in the destination Region with {@code SourceRegion} set, so that the SDK signs
 * the {@code PreSignedUrl} RDS needs for an encrypted source.
 */
public final class RdsApiSnapshots implements RdsSnapshots {

    /** Error codes after which the same request can succeed later. */
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "Throttling", "ThrottlingException", "RequestLimitExceeded", "InvalidDBSnapshotState", "InvalidDBSnapshotStateFault",
            "InvalidDBClusterSnapshotStateFault", "InternalFailure", "ServiceUnavailable");
    private static final Set<String> ALREADY_EXISTS = Set.of("DBSnapshotAlreadyExists", "DBClusterSnapshotAlreadyExistsFault",
            "DBClusterSnapshotAlreadyExists");
    private static final Set<String> NOT_FOUND = Set.of("DBSnapshotNotFound", "DBClusterSnapshotNotFoundFault", "DBClusterSnapshotNotFound");
    private static final Set<String> QUOTA = Set.of("SnapshotQuotaExceeded", "SnapshotQuotaExceededFault");

    private final AwsClientFactory clients;
    private final AwsCredentialsProvider credentials;
    private final Map<Region, RdsClient> rdsByRegion = new ConcurrentHashMap<>();

    /** Signed with the function's own credentials. */
    public RdsApiSnapshots(AwsClientFactory clients) {
        this(clients, clients.credentials());
    }

    /** Signed with {@code credentials}: another account's role. */
    public RdsApiSnapshots(AwsClientFactory clients, AwsCredentialsProvider credentials) {
        this.clients = clients;
        this.credentials = credentials;
    }

    @Override
    public Optional<RdsSnapshot> describe(Region region, Kind kind, String identifier) {
        try {
            if (kind == Kind.DB_SNAPSHOT) {
                List<DBSnapshot> found = rds(region).describeDBSnapshots(r -> r.dbSnapshotIdentifier(identifier)).dbSnapshots();
                return found.stream().findFirst().map(s -> new RdsSnapshot(kind, s.dbSnapshotIdentifier(), s.dbSnapshotArn(),
                        s.status(), s.engine(), s.dbInstanceIdentifier(), Optional.ofNullable(s.optionGroupName()),
                        Boolean.TRUE.equals(s.encrypted()), Optional.ofNullable(s.kmsKeyId()), "automated".equalsIgnoreCase(s.snapshotType()),
                        s.snapshotCreateTime(), tags(s.tagList())));
            }
            List<DBClusterSnapshot> found = rds(region).describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(identifier))
                    .dbClusterSnapshots();
            return found.stream().findFirst().map(s -> new RdsSnapshot(kind, s.dbClusterSnapshotIdentifier(), s.dbClusterSnapshotArn(),
                    s.status(), s.engine(), s.dbClusterIdentifier(), Optional.empty(),
                    Boolean.TRUE.equals(s.storageEncrypted()), Optional.ofNullable(s.kmsKeyId()), "automated".equalsIgnoreCase(s.snapshotType()),
                    s.snapshotCreateTime(), tags(s.tagList())));
        } catch (AwsServiceException e) {
            if (NOT_FOUND.contains(code(e))) {
                return Optional.empty();
            }
            throw failure("describing " + identifier + " in " + region, e);
        } catch (SdkException e) {
            throw failure("describing " + identifier + " in " + region, e);
        }
    }

    @Override
    public Map<String, String> ownerTags(Region region, Kind kind, String ownerId, String account) {
        if (ownerId == null || ownerId.isBlank()) {
            return Map.of();
        }
        String arn = RdsSnapshotEvent.arn(kind, region.id(), account, ownerId)
                .replace(":" + kind.arnType() + ":", kind == Kind.DB_SNAPSHOT ? ":db:" : ":cluster:");
        try {
            return tags(rds(region).listTagsForResource(r -> r.resourceName(arn)).tagList());
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 || code(e).endsWith("NotFound") || code(e).endsWith("NotFoundFault")) {
                return Map.of();
            }
            throw failure("reading the tags of " + arn, e);
        } catch (SdkException e) {
            throw failure("reading the tags of " + arn, e);
        }
    }

    @Override
    public boolean optionGroupExists(Region region, String name) {
        try {
            return !rds(region).describeOptionGroups(r -> r.optionGroupName(name)).optionGroupsList().isEmpty();
        } catch (AwsServiceException e) {
            if (code(e).startsWith("OptionGroupNotFound")) {
                return false;
            }
            throw failure("looking for option group " + name + " in " + region, e);
        } catch (SdkException e) {
            throw failure("looking for option group " + name + " in " + region, e);
        }
    }

    @Override
    public boolean startCopy(RdsCopyRequest request) {
        List<Tag> tags = request.tags().entrySet().stream()
                .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
        try {
            if (request.kind() == Kind.DB_SNAPSHOT) {
                rds(request.destination()).copyDBSnapshot(r -> r
                        .sourceDBSnapshotIdentifier(request.sourceArn())
                        .targetDBSnapshotIdentifier(request.targetIdentifier())
                        .sourceRegion(request.sourceRegion().id())
                        .kmsKeyId(request.kmsKeyId())
                        .copyTags(true)
                        .tags(tags)
                        .applyMutation(b -> request.optionGroupName().ifPresent(b::optionGroupName)));
            } else {
                rds(request.destination()).copyDBClusterSnapshot(r -> r
                        .sourceDBClusterSnapshotIdentifier(request.sourceArn())
                        .targetDBClusterSnapshotIdentifier(request.targetIdentifier())
                        .sourceRegion(request.sourceRegion().id())
                        .kmsKeyId(request.kmsKeyId())
                        .copyTags(true)
                        .tags(tags));
            }
            return true;
        } catch (AwsServiceException e) {
            if (ALREADY_EXISTS.contains(code(e))) {
                return false;
            }
            if (QUOTA.contains(code(e))) {
                boolean quotaReached = manualSnapshotQuotaReached(request.destination(), request.kind());
                throw new CopyFailedException("copying " + request.sourceArn() + " to " + request.destination() + " failed: "
                        + code(e) + ": " + (quotaReached
                        ? "the manual " + (request.kind() == Kind.DB_SNAPSHOT ? "" : "cluster ") + "snapshot quota of "
                                + request.destination() + " is used up: delete old copies or ask AWS to raise the quota"
                        : "too many snapshot copies in flight to " + request.destination() + "; will try again"),
                        !quotaReached, e);
            }
            throw failure("copying " + request.sourceArn() + " to " + request.destination(), e);
        } catch (SdkException e) {
            throw failure("copying " + request.sourceArn() + " to " + request.destination(), e);
        }
    }

    @Override
    public void share(Region region, Kind kind, String identifier, String account) {
        try {
            if (kind == Kind.DB_SNAPSHOT) {
                rds(region).modifyDBSnapshotAttribute(r -> r.dbSnapshotIdentifier(identifier).attributeName("restore").valuesToAdd(account));
            } else {
                rds(region).modifyDBClusterSnapshotAttribute(r -> r.dbClusterSnapshotIdentifier(identifier).attributeName("restore")
                        .valuesToAdd(account));
            }
        } catch (SdkException e) {
            throw failure("sharing " + identifier + " in " + region + " with account " + account, e);
        }
    }

    @Override
    public boolean startManualCopy(Region region, Kind kind, String identifier, String target, Map<String, String> tags) {
        List<Tag> tagList = tags.entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
        try {
            if (kind == Kind.DB_SNAPSHOT) {
                rds(region).copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(identifier).targetDBSnapshotIdentifier(target).tags(tagList));
            } else {
                rds(region).copyDBClusterSnapshot(r -> r.sourceDBClusterSnapshotIdentifier(identifier)
                        .targetDBClusterSnapshotIdentifier(target).tags(tagList));
            }
            return true;
        } catch (AwsServiceException e) {
            if (ALREADY_EXISTS.contains(code(e))) {
                return false;
            }
            throw failure("copying " + identifier + " to manual snapshot " + target + " in " + region, e);
        } catch (SdkException e) {
            throw failure("copying " + identifier + " to manual snapshot " + target + " in " + region, e);
        }
    }

    @Override
    public boolean manualSnapshotQuotaReached(Region region, Kind kind) {
        String name = kind == Kind.DB_SNAPSHOT ? "ManualSnapshots" : "ManualClusterSnapshots";
        try {
            return rds(region).describeAccountAttributes().accountQuotas().stream()
                    .filter(quota -> name.equals(quota.accountQuotaName()))
                    .anyMatch(RdsApiSnapshots::usedUp);
        } catch (SdkException e) {
            // cannot tell: treat as in-flight (retryable); the dead-letter queue still catches it in the end
            return false;
        }
    }

    private static boolean usedUp(AccountQuota quota) {
        return quota.used() != null && quota.max() != null && quota.used() >= quota.max();
    }

    private RdsClient rds(Region region) {
        return rdsByRegion.computeIfAbsent(region, r -> AccountClients.build(clients, RdsClient.builder(), "RDS", r, credentials));
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new HashMap<>();
        if (tags != null) {
            tags.forEach(tag -> map.put(tag.key(), tag.value()));
        }
        return Map.copyOf(map);
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }

    private static CopyFailedException failure(String action, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = code(service);
            boolean retryable = RETRYABLE_CODES.contains(code) || service.isThrottlingException() || service.statusCode() >= 500;
            return new CopyFailedException(action + " failed: " + code + ": "
                    + (service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage()),
                    retryable, e);
        }
        return new CopyFailedException(action + " failed: " + e.getMessage(), e instanceof SdkClientException || e.retryable(), e);
    }
}
