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
    private static final int MAX_IDENTIFIER = 63;
    private static final List<String> ENGINES_NEEDING_OPTION_GROUP = List.of("oracle", "custom-oracle", "sqlserver", "custom-sqlserver");

    private final RdsSnapshots rds;
    private final PolicyCatalog policies;
    private final Ledger ledger;
    private final CopySlots slots;

    public RdsSnapshotCopyService(RdsSnapshots rds, PolicyCatalog policies, Ledger ledger, CopyCaps caps) {
        this(rds, policies, ledger, new CopySlots(ledger, caps));
    }

    RdsSnapshotCopyService(RdsSnapshots rds, PolicyCatalog policies, Ledger ledger, CopySlots slots) {
        this.rds = rds;
        this.policies = policies;
        this.ledger = ledger;
        this.slots = slots;
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
        if (destination.equals(sourceRegion)) {
            return new CopyOutcome.Skipped(source.identifier(),
                    "policy '" + policy.name() + "' recovers to " + destination + ", the snapshot's own region");
        }
        if (policy.recoveryAccount().filter(account -> !account.equals(envelope.account())).isPresent()) {
            throw new CopyFailedException("policy '" + policy.name() + "' names recovery account " + policy.recoveryAccount().get()
                    + ": RDS cannot copy an encrypted snapshot across Regions and accounts in one step, and this version"
                    + " copies RDS snapshots within the account only", false, null);
        }
        String key = "copy/" + event.kind().resourceType() + "/" + sourceRegion.id() + "/" + source.identifier() + "/" + destination.id();
        if (!slots.hasRoom(event.kind().resourceType(), destination.id())) {
            return new CopyOutcome.Deferred(source.identifier(), "the cap of " + event.kind().resourceType()
                    + " copies in flight to " + destination.id() + " is reached");
        }
        return switch (ledger.claim(key, SnapshotCopyService.CLAIM_LEASE)) {
            case Claim.AlreadyDone done -> new CopyOutcome.AlreadyCopied(source.identifier(),
                    done.attributes().getOrDefault(COPY_ID, "unknown"), done.attributes().getOrDefault(DESTINATION, destination.id()));
            case Claim.HeldElsewhere held -> throw new CopyFailedException("another invocation is copying " + source.identifier()
                    + " (claim held until " + Instant.ofEpochSecond(held.leaseUntilEpochSecond()) + ")", true, null);
            case Claim.Acquired acquired -> startCopy(acquired, envelope, source, policy, destination);
        };
    }

    private CopyOutcome startCopy(Claim.Acquired claim, EventEnvelope envelope, RdsSnapshot source, Policy policy, Region destination) {
        Region sourceRegion = Region.of(envelope.region());
        String type = source.kind().resourceType();
        String target = targetIdentifier(sourceRegion, source.identifier());
        try {
            Optional<String> optionGroup = optionGroup(source, destination);
            Map<String, String> provenance = provenance(envelope, source, policy);
            if (!slots.take(type, destination.id(), claim.key(), Map.of(CopySlots.SOURCE, source.identifier(),
                    CopySlots.SOURCE_REGION, sourceRegion.id()))) {
                ledger.release(claim, "deferred: copy slots full");
                return new CopyOutcome.Deferred(source.identifier(), "the cap of " + type + " copies in flight to "
                        + destination.id() + " is reached");
            }
            boolean started;
            try {
                started = rds.startCopy(new RdsCopyRequest(source.kind(), sourceRegion, source.arn(), destination, target,
                        policy.recoveryKmsKey(), optionGroup, ProvenanceTags.merge(source.tags(), provenance, source.identifier())));
            } catch (RuntimeException e) {
                slots.giveBack(type, destination.id(), claim.key());
                throw e;
            }
            if (!started) {
                slots.giveBack(type, destination.id(), claim.key());
                return adoptExisting(claim, source, destination, target, provenance);
            }
            slots.started(type, destination.id(), claim.key(), destination.id(), target, claim.key(),
                    Map.of(CopySlots.SOURCE, source.identifier(), CopySlots.SOURCE_REGION, sourceRegion.id()));
            ledger.complete(claim, Map.of(COPY_ID, target, DESTINATION, destination.id()));
            return new CopyOutcome.Started(source.identifier(), target, destination.id(), policy.name());
        } catch (RuntimeException e) {
            ledger.release(claim, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    /** The target exists: Lifeboat's copy of this very source is done; anything else there is a conflict for a person. */
    private CopyOutcome adoptExisting(Claim.Acquired claim, RdsSnapshot source, Region destination, String target,
                                      Map<String, String> provenance) {
        Optional<RdsSnapshot> existing = rds.describe(destination, source.kind(), target);
        String sourceArn = provenance.get(LifeboatTags.SOURCE_ARN);
        if (existing.isPresent() && !sourceArn.equals(existing.get().tags().get(LifeboatTags.SOURCE_ARN))) {
            throw new CopyFailedException(target + " already exists in " + destination + " but is not Lifeboat's copy of "
                    + sourceArn + " (its " + LifeboatTags.SOURCE_ARN + " tag is '"
                    + existing.get().tags().getOrDefault(LifeboatTags.SOURCE_ARN, "") + "'): rename or delete it", false, null);
        }
        ledger.complete(claim, Map.of(COPY_ID, target, DESTINATION, destination.id()));
        return new CopyOutcome.AlreadyCopied(source.identifier(), target, destination.id());
    }

    private Optional<String> optionGroup(RdsSnapshot source, Region destination) {
        String engine = source.engine() == null ? "" : source.engine().toLowerCase(Locale.ROOT);
        Optional<String> group = source.optionGroupName().filter(name -> !name.isBlank() && !name.startsWith("default:"));
        if (source.kind() != Kind.DB_SNAPSHOT || group.isEmpty()
                || ENGINES_NEEDING_OPTION_GROUP.stream().noneMatch(prefix -> engine.startsWith(prefix + "-"))) {
            return Optional.empty();
        }
        if (!rds.optionGroupExists(destination, group.get())) {
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
