package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.event.EbsSnapshotEvent;
import dev.lifeboat.shared.event.EbsSnapshotEvent.CreatedSnapshot;
import dev.lifeboat.shared.event.EventEnvelope;
import dev.lifeboat.shared.ledger.Ledger;
import dev.lifeboat.shared.ledger.Ledger.Claim;
import dev.lifeboat.shared.policy.LifeboatTags;
import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.PolicyCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;

/**
 * Copies the snapshots an EBS event reports to their policy's recovery region: once each, however
 * often the event arrives, and never a snapshot that is itself a Lifeboat copy.
 */
public final class SnapshotCopyService {

    /** How long a claim protects a copy being started; longer than one invocation can take. */
    static final Duration CLAIM_LEASE = Duration.ofMinutes(5);
    static final String COPY_ID = "copySnapshotId";
    static final String DESTINATION = "destinationRegion";

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCopyService.class);
    private static final int MAX_DESCRIPTION = 255;

    private final EbsSnapshots snapshots;
    private final PolicyCatalog policies;
    private final Ledger ledger;
    private final CopySlots slots;
    private final CrossAccount crossAccount;

    /** Where a copy lands: the account's snapshot API, its Region, and the account when it is not this one. */
    private record Target(EbsSnapshots snapshots, Region region, Optional<String> account) {
        /** The pool of copy slots: AWS's caps count per account and destination Region. */
        String pool() {
            return account.map(id -> id + "/" + region.id()).orElse(region.id());
        }
    }

    public SnapshotCopyService(EbsSnapshots snapshots, PolicyCatalog policies, Ledger ledger) {
        this(snapshots, policies, ledger, new CopySlots(ledger, new CopyCaps(CopyCaps.AWS_DEFAULTS)), CrossAccount.NONE);
    }

    SnapshotCopyService(EbsSnapshots snapshots, PolicyCatalog policies, Ledger ledger, CopySlots slots, CrossAccount crossAccount) {
        this.snapshots = snapshots;
        this.policies = policies;
        this.ledger = ledger;
        this.slots = slots;
        this.crossAccount = crossAccount;
    }

    /** Handles one EBS event: an outcome per snapshot it names, or an exception for the whole event. */
    public List<CopyOutcome> handle(EbsSnapshotEvent event) {
        return switch (event) {
            case EbsSnapshotEvent.SnapshotsCreated created when !created.succeeded() -> created.snapshots().stream()
                    .<CopyOutcome>map(s -> new CopyOutcome.Skipped(s.snapshotId(),
                            "the snapshot request did not succeed (result '" + created.result() + "')"))
                    .toList();
            case EbsSnapshotEvent.SnapshotsCreated created -> copyAll(created);
            case EbsSnapshotEvent.SnapshotCopied copied -> List.of(new CopyOutcome.Skipped(copied.copySnapshotId(),
                    "a copySnapshot event: copies are never copied again"));
            case EbsSnapshotEvent.OtherSnapshotEvent other -> List.of(new CopyOutcome.Skipped("",
                    "not a snapshot creation (event '" + other.event() + "')"));
        };
    }

    private List<CopyOutcome> copyAll(EbsSnapshotEvent.SnapshotsCreated event) {
        List<CopyOutcome> outcomes = new ArrayList<>();
        for (CreatedSnapshot snapshot : event.snapshots()) {
            outcomes.add(snapshot.completed()
                    ? copy(event.envelope(), snapshot)
                    : new CopyOutcome.Skipped(snapshot.snapshotId(), "the snapshot did not complete"));
        }
        return outcomes;
    }

    private CopyOutcome copy(EventEnvelope envelope, CreatedSnapshot created) {
        Region sourceRegion = Region.of(envelope.region());
        Optional<SourceSnapshot> found = snapshots.describe(sourceRegion, created.snapshotId());
        if (found.isEmpty()) {
            return new CopyOutcome.Skipped(created.snapshotId(), "the snapshot no longer exists in " + sourceRegion);
        }
        SourceSnapshot source = found.get();
        if (LifeboatTags.isLifeboatCopy(source.tags())) {
            return new CopyOutcome.Skipped(source.snapshotId(), "it is a Lifeboat copy (tag " + LifeboatTags.MANAGED + ")");
        }
        String volumeId = source.volumeId() == null || source.volumeId().isBlank() ? created.volumeId() : source.volumeId();
        Optional<String> policyName = Optional.ofNullable(source.tags().get(LifeboatTags.POLICY))
                .or(() -> Optional.ofNullable(snapshots.volumeTags(sourceRegion, volumeId).get(LifeboatTags.POLICY)))
                .map(String::trim)
                .filter(name -> !name.isEmpty());
        if (policyName.isEmpty()) {
            return new CopyOutcome.Skipped(source.snapshotId(),
                    "neither the snapshot nor volume " + volumeId + " has a " + LifeboatTags.POLICY + " tag");
        }
        Policy policy = policies.find(policyName.get()).orElseThrow(() -> new CopyFailedException(
                "policy '" + policyName.get() + "' named by " + LifeboatTags.POLICY + " on " + source.snapshotId()
                        + " is not defined in the policy document", false, null));
        Region destination = Region.of(policy.recoveryRegion());
        Optional<String> otherAccount = policy.recoveryAccount().filter(account -> !account.equals(envelope.account()));
        if (destination.equals(sourceRegion) && otherAccount.isEmpty()) {
            return new CopyOutcome.Skipped(source.snapshotId(),
                    "policy '" + policy.name() + "' recovers to " + destination + ", the snapshot's own region");
        }
        Target target = new Target(snapshots, destination, Optional.empty());
        if (otherAccount.isPresent()) {
            String account = otherAccount.get();
            crossAccount.checkShareable(sourceRegion, source.snapshotId(), source.encrypted(), source.kmsKeyId(), "aws/ebs", account,
                    "copy the snapshot in " + sourceRegion + " with a customer managed key (CopySnapshot --kms-key-id) or encrypt the"
                            + " volume with one (EBS encryption by default can name it), then snapshot again");
            target = new Target(crossAccount.in(policy, account).ebs(), destination, otherAccount);
        }
        return copyOnce(envelope, source, volumeId, policy, target);
    }

    private CopyOutcome copyOnce(EventEnvelope envelope, SourceSnapshot source, String volumeId, Policy policy, Target target) {
        Region sourceRegion = Region.of(envelope.region());
        String key = "copy/ebs/" + sourceRegion.id() + "/" + source.snapshotId() + "/" + target.pool();
        if (!slots.hasRoom(ResourceTypes.EBS_SNAPSHOT, target.pool())) {
            return new CopyOutcome.Deferred(source.snapshotId(), "the cap of EBS snapshot copies in flight to "
                    + target.pool() + " is reached");
        }
        Claim claim = ledger.claim(key, CLAIM_LEASE);
        return switch (claim) {
            case Claim.AlreadyDone done -> new CopyOutcome.AlreadyCopied(source.snapshotId(),
                    done.attributes().getOrDefault(COPY_ID, "unknown"), done.attributes().getOrDefault(DESTINATION, target.pool()));
            case Claim.HeldElsewhere held -> throw new CopyFailedException("another invocation is copying " + source.snapshotId()
                    + " (claim held until " + Instant.ofEpochSecond(held.leaseUntilEpochSecond()) + ")", true, null);
            case Claim.Acquired acquired -> startCopy(acquired, envelope, source, volumeId, policy, target);
        };
    }

    private CopyOutcome startCopy(Claim.Acquired claim, EventEnvelope envelope, SourceSnapshot source, String volumeId,
                                  Policy policy, Target target) {
        Region sourceRegion = Region.of(envelope.region());
        Region destination = target.region();
        String pool = target.pool();
        Map<String, String> details = new LinkedHashMap<>(Map.of(CopySlots.SOURCE, source.snapshotId(), CopySlots.SOURCE_REGION, sourceRegion.id()));
        target.account().ifPresent(account -> details.put(CopySlots.COPY_ACCOUNT, account));
        try {
            String holder = claim.key();
            // the slot first: a deferred request costs no search of the recovery region
            if (!slots.take(ResourceTypes.EBS_SNAPSHOT, pool, holder, details)) {
                ledger.release(claim, "deferred: copy slots full");
                return new CopyOutcome.Deferred(source.snapshotId(), "the cap of EBS snapshot copies in flight to "
                        + pool + " is reached");
            }
            // only a claim that takes over an earlier attempt (crashed or failed) can find that attempt's copy:
            // a fresh claim spares the search of the recovery region
            Optional<String> earlier = Optional.empty();
            boolean earlierRunning = false;
            try {
                if (!claim.fresh()) {
                    earlier = target.snapshots().findCopy(destination, sourceRegion, source.snapshotId());
                    earlierRunning = earlier.isPresent() && target.snapshots().describe(destination, earlier.get())
                            .map(copy -> !"completed".equalsIgnoreCase(copy.state())).orElse(false);
                }
            } catch (RuntimeException e) {
                slots.giveBack(ResourceTypes.EBS_SNAPSHOT, pool, holder);
                throw e;
            }
            if (earlier.isPresent()) {
                // started before the ledger heard of it (a crash between the two): adopt it. While it runs it
                // keeps the slot, noted like a copy started here, so that its completion event (or the poller)
                // gives the slot back: given back now, it would let one copy more than the cap start meanwhile
                if (earlierRunning) {
                    slots.started(ResourceTypes.EBS_SNAPSHOT, pool, holder, destination.id(), earlier.get(), claim.key(), details);
                } else {
                    slots.giveBack(ResourceTypes.EBS_SNAPSHOT, pool, holder);
                }
                ledger.complete(claim, Map.of(COPY_ID, earlier.get(), DESTINATION, pool));
                return new CopyOutcome.AlreadyCopied(source.snapshotId(), earlier.get(), pool);
            }
            String copyId;
            try {
                // shared by the source account, copied by the recovery account: the share must come first
                target.account().ifPresent(account -> snapshots.share(sourceRegion, source.snapshotId(), account));
                copyId = target.snapshots().startCopy(new CopyRequest(sourceRegion, source.snapshotId(), destination,
                        policy.recoveryKmsKey(), description(source, volumeId, sourceRegion, policy),
                        copyTags(envelope, source, volumeId, policy)));
            } catch (RuntimeException e) {
                slots.giveBack(ResourceTypes.EBS_SNAPSHOT, pool, holder);
                throw e;
            }
            slots.started(ResourceTypes.EBS_SNAPSHOT, pool, holder, destination.id(), copyId, claim.key(), details);
            ledger.complete(claim, Map.of(COPY_ID, copyId, DESTINATION, pool));
            return new CopyOutcome.Started(source.snapshotId(), copyId, pool, policy.name());
        } catch (RuntimeException e) {
            ledger.release(claim, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private static String description(SourceSnapshot source, String volumeId, Region sourceRegion, Policy policy) {
        String text = "Lifeboat copy of " + source.snapshotId() + " (volume " + volumeId + ", " + sourceRegion.id()
                + "), policy " + policy.name();
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION);
    }

    /**
     * The source's own tags, then Lifeboat's provenance tags, which win; {@code aws:} tags are
     * reserved and dropped. Past AWS's 50-tag limit the source's tags are dropped, in key order.
     */
    static Map<String, String> copyTags(EventEnvelope envelope, SourceSnapshot source, String volumeId, Policy policy) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put(LifeboatTags.MANAGED, "true");
        provenance.put(LifeboatTags.POLICY, policy.name());
        provenance.put(LifeboatTags.RESOURCE_TYPE, "ebs-snapshot");
        provenance.put(LifeboatTags.SOURCE_ID, source.snapshotId());
        provenance.put(LifeboatTags.SOURCE_ARN, "arn:aws:ec2:" + envelope.region() + "::snapshot/" + source.snapshotId());
        provenance.put(LifeboatTags.SOURCE_REGION, envelope.region());
        provenance.put(LifeboatTags.SOURCE_ACCOUNT, envelope.account());
        provenance.put(LifeboatTags.SOURCE_RESOURCE, volumeId);
        provenance.put(LifeboatTags.CREATED_AT, (source.startTime() == null ? envelope.time() : source.startTime()).toString());

        Map<String, String> tags = new LinkedHashMap<>();
        new TreeMap<>(source.tags()).forEach((key, value) -> {
            if (!key.startsWith("aws:") && !provenance.containsKey(key)
                    && tags.size() + provenance.size() < LifeboatTags.MAX_TAGS) {
                tags.put(key, value);
            }
        });
        int dropped = (int) source.tags().keySet().stream()
                .filter(key -> !key.startsWith("aws:") && !provenance.containsKey(key) && !tags.containsKey(key)).count();
        if (dropped > 0) {
            LOG.warn("{} of {}'s tags were not copied: a snapshot holds at most {} tags", dropped, source.snapshotId(), LifeboatTags.MAX_TAGS);
        }
        tags.putAll(provenance);
        return tags;
    }
}
