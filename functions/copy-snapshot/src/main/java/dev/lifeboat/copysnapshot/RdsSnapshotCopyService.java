package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.event.EventEnvelope;
import dev.lifeboat.shared.event.RdsSnapshotEvent;
import dev.lifeboat.shared.event.RdsSnapshotEvent.Kind;
import dev.lifeboat.shared.ledger.Ledger;
import dev.lifeboat.shared.ledger.Ledger.Claim;
import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.PolicyCatalog;
import dev.lifeboat.copysnapshot.RdsSnapshots.RdsCopyRequest;
import dev.lifeboat.copysnapshot.RdsSnapshots.RdsSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * Copies RDS DB snapshots ({@code CopyDBSnapshot}) and Aurora DB cluster snapshots
 * ({@code CopyDBClusterSnapshot}) to their policy's recovery Region, encrypted with the recovery
 * key, under a target identifier derived from the source alone: a repeated event finds its
 * copy by that identifier ({@code DBSnapshotAlreadyExists} on Lifeboat's own copy means done).
 *
 * <p>Option groups: a DB snapshot of an Oracle or SQL Server instance that uses a non-default
 * option group is copied with {@code OptionGroupName} set to an option group of the same name in
 * the recovery Region, which must exist (persistent and permanent options such as Oracle TDE or
 * SQL Server TDE cannot be left behind); for other engines, and Aurora, RDS copies without one.
 */
public final class RdsSnapshotCopyService {

    static final String COPY_ID = "copyIdentifier";
    static final String DESTINATION = "destinationRegion";
    /** On a manual stand-in for an automated snapshot: the account it is shared with. */
    static final String SHARED_WITH = "lifeboat:shared-with";
    private static final int MAX_IDENTIFIER = 63;
    private static final List<String> ENGINES_NEEDING_OPTION_GROUP = List.of("oracle", "custom-oracle", "sqlserver", "custom-sqlserver");

    private final RdsSnapshots rds;
    private final PolicyCatalog policies;
    private final Ledger ledger;
    private final CopySlots slots;
    private final CrossAccount crossAccount;

    /**
     * Where a copy lands and what it is made from: the account's RDS API, its Region, the account
     * when it is not this one, and the snapshot actually copied (for an automated snapshot copied to
     * another account, its manual stand-in; otherwise the source itself).
     */
    private record Target(RdsSnapshots rds, Region region, Optional<String> account, RdsSnapshot copiedFrom) {
        String pool() {
            return account.map(id -> id + "/" + region.id()).orElse(region.id());
        }
    }

    public RdsSnapshotCopyService(RdsSnapshots rds, PolicyCatalog policies, Ledger ledger, CopyCaps caps) {
        this(rds, policies, ledger, new CopySlots(ledger, caps), CrossAccount.NONE);
    }

    RdsSnapshotCopyService(RdsSnapshots rds, PolicyCatalog policies, Ledger ledger, CopyCaps caps, CrossAccount crossAccount) {
        this(rds, policies, ledger, new CopySlots(ledger, caps), crossAccount);
    }

    RdsSnapshotCopyService(RdsSnapshots rds, PolicyCatalog policies, Ledger ledger, CopySlots slots, CrossAccount crossAccount) {
        this.rds = rds;
        this.policies = policies;
        this.ledger = ledger;
        this.slots = slots;
        this.crossAccount = crossAccount;
    }

    /** Handles one RDS snapshot event: the outcome for the snapshot it names, or an exception for the record. */
    public CopyOutcome handle(RdsSnapshotEvent event) {
        return switch (event) {
            case RdsSnapshotEvent.SnapshotCreated created -> copy(created);
            case RdsSnapshotEvent.CopyProgress progress -> new CopyOutcome.Skipped(progress.copyIdentifier(),
                    "a snapshot copy event (" + progress.eventId() + "): copies are never copied again");
            case RdsSnapshotEvent.OtherRdsEvent other -> new CopyOutcome.Skipped("",
                    "not a snapshot creation (event " + other.eventId() + ")");
        };
    }

    private CopyOutcome copy(RdsSnapshotEvent.SnapshotCreated event) {
        EventEnvelope envelope = event.envelope();
        Region sourceRegion = Region.of(envelope.region());
        if (event.snapshotIdentifier().startsWith("awsbackup:")) {
            return new CopyOutcome.Skipped(event.snapshotIdentifier(),
                    "an AWS Backup recovery point: it is copied through its Backup Job State Change");
        }
        Optional<RdsSnapshot> found = rds.describe(sourceRegion, event.kind(), event.snapshotIdentifier());
        if (found.isEmpty()) {
            return new CopyOutcome.Skipped(event.snapshotIdentifier(), "the snapshot no longer exists in " + sourceRegion);
        }
        RdsSnapshot source = found.get();
        if (LifeboatTags.isLifeboatCopy(source.tags())) {
            return new CopyOutcome.Skipped(source.identifier(), "it is a Lifeboat copy (tag " + LifeboatTags.MANAGED + ")");
        }
        Optional<String> policyName = Optional.ofNullable(source.tags().get(LifeboatTags.POLICY))
                .or(() -> Optional.ofNullable(rds.ownerTags(sourceRegion, event.kind(), source.ownerId(), envelope.account())
                        .get(LifeboatTags.POLICY)))
                .map(String::trim)
                .filter(name -> !name.isEmpty());
        String owner = event.kind() == Kind.DB_SNAPSHOT ? "DB instance " : "DB cluster ";
        if (policyName.isEmpty()) {
            return new CopyOutcome.Skipped(source.identifier(),
                    "neither the snapshot nor " + owner + source.ownerId() + " has a " + LifeboatTags.POLICY + " tag");
        }
        Policy policy = policies.find(policyName.get()).orElseThrow(() -> new CopyFailedException(
                "policy '" + policyName.get() + "' named by " + LifeboatTags.POLICY + " on " + source.identifier()
                        + " is not defined in the policy document", false, null));
        Region destination = Region.of(policy.recoveryRegion());
        Optional<String> otherAccount = policy.recoveryAccount().filter(account -> !account.equals(envelope.account()));
        if (destination.equals(sourceRegion) && otherAccount.isEmpty()) {
            return new CopyOutcome.Skipped(source.identifier(),
                    "policy '" + policy.name() + "' recovers to " + destination + ", the snapshot's own region");
        }
        Target target = new Target(rds, destination, Optional.empty(), source);
        if (otherAccount.isPresent()) {
            String account = otherAccount.get();
            crossAccount.checkShareable(sourceRegion, source.identifier(), source.encrypted(), source.kmsKeyId(), "aws/rds", account,
                    "copy the snapshot in " + sourceRegion + " to a manual snapshot with a customer managed key ("
                            + (event.kind() == Kind.DB_SNAPSHOT ? "CopyDBSnapshot" : "CopyDBClusterSnapshot")
                            + " --kms-key-id), or restore the database from it with such a key so that its next snapshots use it");
            RdsSnapshots recovery = crossAccount.in(policy, account).rds();
            Optional<RdsSnapshot> shareable = source.automated() ? manualStandIn(envelope, source, policy, account) : Optional.of(source);
            if (shareable.isEmpty()) {
                return new CopyOutcome.Deferred(source.identifier(), "an automated snapshot cannot be shared: its manual copy "
                        + standInIdentifier(sourceRegion, source.identifier()) + " is being made in " + sourceRegion
                        + "; the copy to account " + account + " starts once it is available");
            }
            target = new Target(recovery, destination, otherAccount, shareable.get());
        }
        String key = "copy/" + event.kind().resourceType() + "/" + sourceRegion.id() + "/" + source.identifier() + "/" + target.pool();
        if (!slots.hasRoom(event.kind().resourceType(), target.pool())) {
            return new CopyOutcome.Deferred(source.identifier(), "the cap of " + event.kind().resourceType()
                    + " copies in flight to " + target.pool() + " is reached");
        }
        Target chosen = target;
        return switch (ledger.claim(key, SnapshotCopyService.CLAIM_LEASE)) {
            case Claim.AlreadyDone done -> new CopyOutcome.AlreadyCopied(source.identifier(),
                    done.attributes().getOrDefault(COPY_ID, "unknown"), done.attributes().getOrDefault(DESTINATION, chosen.pool()));
            case Claim.HeldElsewhere held -> throw new CopyFailedException("another invocation is copying " + source.identifier()
                    + " (claim held until " + Instant.ofEpochSecond(held.leaseUntilEpochSecond()) + ")", true, null);
            case Claim.Acquired acquired -> startCopy(acquired, envelope, source, policy, chosen);
        };
    }

    /**
     * The manual snapshot that stands in for an automated one (which AWS will not share), made in
     * the source Region under a name derived from the source, with the source's key; empty while it
     * is being made. It is tagged as Lifeboat's, so that its own creation event copies nothing.
     */
    private Optional<RdsSnapshot> manualStandIn(EventEnvelope envelope, RdsSnapshot source, Policy policy, String account) {
        Region sourceRegion = Region.of(envelope.region());
        String standIn = standInIdentifier(sourceRegion, source.identifier());
        Optional<RdsSnapshot> existing = rds.describe(sourceRegion, source.kind(), standIn);
        if (existing.isEmpty()) {
            Map<String, String> tags = new LinkedHashMap<>(provenance(envelope, source, policy));
            tags.put(LifeboatTags.RESOURCE_TYPE, source.kind().resourceType() + "-share");
            tags.put(SHARED_WITH, account);
            rds.startManualCopy(sourceRegion, source.kind(), source.identifier(), standIn, tags);
            return Optional.empty();
        }
        return "available".equalsIgnoreCase(existing.get().status()) ? existing : Optional.empty();
    }

    /** {@code lifeboat-share-<source id>}, valid and at most 63 characters like {@link #targetIdentifier}. */
    static String standInIdentifier(Region sourceRegion, String sourceIdentifier) {
        return targetIdentifier(sourceRegion, sourceIdentifier).replaceFirst("^lifeboat-" + sourceRegion.id() + "-", "lifeboat-share-");
    }

    private CopyOutcome startCopy(Claim.Acquired claim, EventEnvelope envelope, RdsSnapshot source, Policy policy, Target target) {
        Region sourceRegion = Region.of(envelope.region());
        Region destination = target.region();
        String pool = target.pool();
        String type = source.kind().resourceType();
        String targetId = targetIdentifier(sourceRegion, source.identifier());
        Map<String, String> details = new LinkedHashMap<>(Map.of(CopySlots.SOURCE, source.identifier(), CopySlots.SOURCE_REGION, sourceRegion.id()));
        target.account().ifPresent(account -> details.put(CopySlots.COPY_ACCOUNT, account));
        try {
            Optional<String> optionGroup = optionGroup(source, target.rds(), destination);
            Map<String, String> provenance = provenance(envelope, source, policy);
            if (!slots.take(type, pool, claim.key(), details)) {
                ledger.release(claim, "deferred: copy slots full");
                return new CopyOutcome.Deferred(source.identifier(), "the cap of " + type + " copies in flight to "
                        + pool + " is reached");
            }
            boolean started;
            try {
                // shared by the source account, copied by the recovery account: the share must come first
                target.account().ifPresent(account -> rds.share(sourceRegion, source.kind(), target.copiedFrom().identifier(), account));
                started = target.rds().startCopy(new RdsCopyRequest(source.kind(), sourceRegion, target.copiedFrom().arn(), destination,
                        targetId, policy.recoveryKmsKey(), optionGroup, ProvenanceTags.merge(source.tags(), provenance, source.identifier())));
            } catch (RuntimeException e) {
                slots.giveBack(type, pool, claim.key());
                throw e;
            }
            if (!started) {
                return adoptExisting(claim, source, target, targetId, provenance, details);
            }
            slots.started(type, pool, claim.key(), destination.id(), targetId, claim.key(), details);
            ledger.complete(claim, Map.of(COPY_ID, targetId, DESTINATION, pool));
            return new CopyOutcome.Started(source.identifier(), targetId, pool, policy.name());
        } catch (RuntimeException e) {
            ledger.release(claim, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /**
     * The target exists: Lifeboat's copy of this very source is done, or still running (an earlier attempt started
     * it and crashed before the ledger heard of it); anything else there is a conflict for a person. The slot taken
     * for this attempt stays with a copy still running, noted like a copy started here, so that its end (the
     * completion event or the poller) frees it; giving it back while the copy runs would let one copy more than the
     * cap start.
     */
    private CopyOutcome adoptExisting(Claim.Acquired claim, RdsSnapshot source, Target target, String targetId,
                                      Map<String, String> provenance, Map<String, String> details) {
        String type = source.kind().resourceType();
        Optional<RdsSnapshot> existing;
        try {
            existing = target.rds().describe(target.region(), source.kind(), targetId);
            String sourceArn = provenance.get(LifeboatTags.SOURCE_ARN);
            if (existing.isPresent() && !sourceArn.equals(existing.get().tags().get(LifeboatTags.SOURCE_ARN))) {
                throw new CopyFailedException(targetId + " already exists in " + target.pool() + " but is not Lifeboat's copy of "
                        + sourceArn + " (its " + LifeboatTags.SOURCE_ARN + " tag is '"
                        + existing.get().tags().getOrDefault(LifeboatTags.SOURCE_ARN, "") + "'): rename or delete it", false, null);
            }
        } catch (RuntimeException e) {
            slots.giveBack(type, target.pool(), claim.key());
            throw e;
        }
        if (existing.isPresent() && !"available".equalsIgnoreCase(existing.get().status())) {
            slots.started(type, target.pool(), claim.key(), target.region().id(), targetId, claim.key(), details);
        } else {
            slots.giveBack(type, target.pool(), claim.key());
        }
        ledger.complete(claim, Map.of(COPY_ID, targetId, DESTINATION, target.pool()));
        return new CopyOutcome.AlreadyCopied(source.identifier(), targetId, target.pool());
    }

    private Optional<String> optionGroup(RdsSnapshot source, RdsSnapshots destinationRds, Region destination) {
        String engine = source.engine() == null ? "" : source.engine().toLowerCase(Locale.ROOT);
        Optional<String> group = source.optionGroupName().filter(name -> !name.isBlank() && !name.startsWith("default:"));
        if (source.kind() != Kind.DB_SNAPSHOT || group.isEmpty()
                || ENGINES_NEEDING_OPTION_GROUP.stream().noneMatch(prefix -> engine.startsWith(prefix + "-"))) {
            return Optional.empty();
        }
        if (!destinationRds.optionGroupExists(destination, group.get())) {
            throw new CopyFailedException(source.identifier() + " (" + source.engine() + ") uses option group " + group.get()
                    + ", which must be copied along; create an option group of that name, with the same options, in "
                    + destination + " and redrive the request", false, null);
        }
        return group;
    }

    private static Map<String, String> provenance(EventEnvelope envelope, RdsSnapshot source, Policy policy) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put(LifeboatTags.MANAGED, "true");
        provenance.put(LifeboatTags.POLICY, policy.name());
        provenance.put(LifeboatTags.RESOURCE_TYPE, source.kind().resourceType());
        provenance.put(LifeboatTags.SOURCE_ID, source.identifier());
        provenance.put(LifeboatTags.SOURCE_ARN, RdsSnapshotEvent.arn(source.kind(), envelope.region(), envelope.account(), source.identifier()));
        provenance.put(LifeboatTags.SOURCE_REGION, envelope.region());
        provenance.put(LifeboatTags.SOURCE_ACCOUNT, envelope.account());
        if (source.ownerId() != null && !source.ownerId().isBlank()) {
            provenance.put(LifeboatTags.SOURCE_RESOURCE, source.ownerId());
        }
        provenance.put(LifeboatTags.CREATED_AT, (source.createdAt() == null ? envelope.time() : source.createdAt()).toString());
        return provenance;
    }

    /**
     * {@code lifeboat-<source region>-<source id>}, lower case, only letters, digits and single
     * hyphens, at most 63 characters: a longer one keeps its start and ends in a hash of the whole.
     */
    static String targetIdentifier(Region sourceRegion, String sourceIdentifier) {
        String full = ("lifeboat-" + sourceRegion.id() + "-" + sourceIdentifier).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("-{2,}", "-").replaceAll("-$", "");
        if (full.length() <= MAX_IDENTIFIER) {
            return full;
        }
        String hash = sha256(sourceRegion.id() + "/" + sourceIdentifier).substring(0, 10);
        return full.substring(0, MAX_IDENTIFIER - hash.length() - 1).replaceAll("-$", "") + "-" + hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
