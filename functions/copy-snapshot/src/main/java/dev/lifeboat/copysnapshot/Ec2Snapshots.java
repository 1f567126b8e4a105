package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.net.URI;
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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CopySnapshotRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;

/** {@link EbsSnapshots} on the EC2 API, one client per region, built on first use. */
public final class Ec2Snapshots implements EbsSnapshots {

    /** Error codes after which the same request can succeed later. */
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "RequestLimitExceeded", "Throttling", "ThrottlingException", "ResourceLimitExceeded",
            "SnapshotCopyLimitExceeded", "ConcurrentSnapshotLimitExceeded", "PendingSnapshotLimitExceeded",
            "IncorrectState", "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable");

    private final AwsClientFactory clients;
    private final AwsCredentialsProvider credentials;
    private final Map<Region, Ec2Client> ec2ByRegion = new ConcurrentHashMap<>();
    private final boolean emulatorEndpoint;

    /** Signed with the function's own credentials. */
    public Ec2Snapshots(AwsClientFactory clients) {
        this(clients, clients.credentials());
    }

    /** Signed with {@code credentials}: another account's role. */
    public Ec2Snapshots(AwsClientFactory clients, AwsCredentialsProvider credentials) {
        this.clients = clients;
        this.credentials = credentials;
        this.emulatorEndpoint = clients.endpointFor("EC2").map(URI::getHost).filter(Ec2Snapshots::isLoopback).isPresent();
    }

    @Override
    public Optional<SourceSnapshot> describe(Region region, String snapshotId) {
        try {
            List<Snapshot> snapshots = ec2(region).describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots();
            return snapshots.stream().findFirst().map(snapshot -> new SourceSnapshot(
                    snapshot.snapshotId(), snapshot.volumeId(), snapshot.stateAsString(), snapshot.startTime(),
                    Boolean.TRUE.equals(snapshot.encrypted()), Optional.ofNullable(snapshot.kmsKeyId()), tags(snapshot.tags())));
        } catch (AwsServiceException e) {
            if ("InvalidSnapshot.NotFound".equals(code(e))) {
                return Optional.empty();
            }
            throw failure("describing " + snapshotId + " in " + region, e);
        } catch (SdkException e) {
            throw failure("describing " + snapshotId + " in " + region, e);
        }
    }

    @Override
    public Map<String, String> volumeTags(Region region, String volumeId) {
        try {
            List<Volume> volumes = ec2(region).describeVolumes(r -> r.volumeIds(volumeId)).volumes();
            return volumes.isEmpty() ? Map.of() : tags(volumes.getFirst().tags());
        } catch (AwsServiceException e) {
            if ("InvalidVolume.NotFound".equals(code(e))) {
                return Map.of();
            }
            throw failure("describing volume " + volumeId + " in " + region, e);
        } catch (SdkException e) {
            throw failure("describing volume " + volumeId + " in " + region, e);
        }
    }

    @Override
    public Optional<String> findCopy(Region destination, Region sourceRegion, String sourceSnapshotId) {
        try {
            return ec2(destination).describeSnapshots(r -> r.ownerIds("self").filters(
                            Filter.builder().name("tag:" + LifeboatTags.SOURCE_ID).values(sourceSnapshotId).build(),
                            Filter.builder().name("tag:" + LifeboatTags.SOURCE_REGION).values(sourceRegion.id()).build()))
                    .snapshots().stream()
                    .filter(snapshot -> snapshot.state() != SnapshotState.ERROR)
                    .map(Snapshot::snapshotId)
                    .findFirst();
        } catch (SdkException e) {
            throw failure("looking for an earlier copy of " + sourceSnapshotId + " in " + destination, e);
        }
    }

    @Override
    public void share(Region region, String snapshotId, String account) {
        try {
            ec2(region).modifySnapshotAttribute(r -> r.snapshotId(snapshotId)
                    .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                    .operationType(OperationType.ADD)
                    .userIds(account));
        } catch (SdkException e) {
            throw failure("sharing " + snapshotId + " in " + region + " with account " + account, e);
        }
    }

    @Override
    public String startCopy(CopyRequest request) {
        try {
            return ec2(request.destinationRegion()).copySnapshot(r -> r
                    .applyMutation(this::presignForEmulator)
                    .sourceRegion(request.sourceRegion().id())
                    .sourceSnapshotId(request.sourceSnapshotId())
                    .encrypted(true)
                    .kmsKeyId(request.kmsKeyId())
                    .description(request.description())
                    .tagSpecifications(TagSpecification.builder()
                            .resourceType(ResourceType.SNAPSHOT)
                            .tags(request.tags().entrySet().stream()
                                    .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
                                    .toList())
                            .build()))
                    .snapshotId();
        } catch (SdkException e) {
            throw failure("copying " + request.sourceSnapshotId() + " to " + request.destinationRegion(), e);
        }
    }

    /**
     * The SDK presigns CopySnapshot itself, reading the destination region from the endpoint's
     * host name; an emulator on a loopback address names none, so it gets a placeholder URL that
     * it ignores. Against AWS (and VPC endpoints) the SDK's own presigned URL is used.
     */
    private void presignForEmulator(CopySnapshotRequest.Builder request) {
        if (emulatorEndpoint) {
            request.presignedUrl("https://emulator.invalid/?Action=CopySnapshot&unsigned=true");
        }
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }

    private Ec2Client ec2(Region region) {
        return ec2ByRegion.computeIfAbsent(region, r -> AccountClients.build(clients, Ec2Client.builder(), "EC2", r, credentials));
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new HashMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return Map.copyOf(map);
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }

    private static CopyFailedException failure(String action, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = code(service);
            boolean retryable = RETRYABLE_CODES.contains(code) || service.isThrottlingException() || service.statusCode() >= 500;
            return new CopyFailedException(action + " failed: " + code + ": "
                    + (service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage()),
                    retryable, e);
        }
        boolean retryable = e instanceof SdkClientException || e.retryable();
        return new CopyFailedException(action + " failed: " + e.getMessage(), retryable, e);
    }
}
