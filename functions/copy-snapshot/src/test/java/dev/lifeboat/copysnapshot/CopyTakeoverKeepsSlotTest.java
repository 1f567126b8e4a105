package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.shared.event.EbsSnapshotEvent;
import dev.lifeboat.shared.event.EventEnvelope;
import dev.lifeboat.shared.ledger.DynamoDbLedger;
import dev.lifeboat.shared.ledger.Ledger;
import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.PolicyCatalog;
import dev.lifeboat.shared.policy.PolicyDocument;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A copy started by an attempt that crashed before the ledger heard of it is adopted by the
 * attempt that takes over the expired claim. While that copy still runs it is in flight and must
 * hold a slot: given back at adoption, the pool would count one copy fewer than AWS runs, and one
 * copy more than the cap could start. The ledger is moto's; the snapshots are a stand-in for
 * {@link EbsSnapshots}, because moto's copies are completed the moment they start.
 */
@ExtendWith(MotoExtension.class)
class CopyTakeoverKeepsSlotTest {

    private static final String POOL = CopySlots.pool(ResourceTypes.EBS_SNAPSHOT, "us-west-2");
    private static final String EARLIER_COPY = "snap-0e000000000000001";

    private final Snapshots snapshots = new Snapshots();
    private Ledger ledger;
    private SnapshotCopyService service;
    private CopyCompletionService completions;
    private final List<String> alerts = new ArrayList<>();

    @BeforeEach
    void setUp(Emulator emulator) {
        PrimaryEstate estate = new PrimaryEstate(emulator);
        String table = estate.functionEnvironment().get("LEDGER_TABLE");
        DynamoDbClient dynamoDb = emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY);
        ledger = new DynamoDbLedger(dynamoDb, table, Clock.systemUTC());
        Policy policy = PolicyDocument.parseDefault(estate.functionEnvironment().get("DEFAULT_POLICY"));
        PolicyCatalog policies = name -> name.equals(policy.name()) ? Optional.of(policy) : Optional.empty();
        // a cap of 1: the adopted copy alone fills the pool
        service = new SnapshotCopyService(snapshots, policies, ledger, new CopySlots(ledger, new CopyCaps(Map.of(ResourceTypes.EBS_SNAPSHOT, 1))),
                CrossAccount.NONE);
        completions = new CopyCompletionService(ledger, (subject, message) -> alerts.add(subject));
        snapshots.source("snap-0a0000000000000a1", policy.name());
        snapshots.source("snap-0b0000000000000b1", policy.name());
        // the crashed attempt's claim on the first snapshot, taken a lease and a minute ago: its lease has run out
        new DynamoDbLedger(dynamoDb, table, Clock.offset(Clock.systemUTC(), SnapshotCopyService.CLAIM_LEASE.plusMinutes(1).negated()))
                .claim("copy/ebs/us-east-1/snap-0a0000000000000a1/us-west-2", SnapshotCopyService.CLAIM_LEASE);
        snapshots.copies.put(EARLIER_COPY, "snap-0a0000000000000a1");
    }

    @Test
    void anAdoptedCopyStillRunningKeepsItsSlotUntilItsCompletionEvent() {
        // GIVEN the crashed attempt's copy is still pending in the recovery region
        snapshots.copyStates.put(EARLIER_COPY, "pending");

        // WHEN the event is delivered again and the claim taken over
        List<CopyOutcome> adopted = service.handle(event("snap-0a0000000000000a1"));

        // THEN the copy is adopted, not repeated, and holds the only slot, so the next snapshot waits
        assertThat(adopted).containsExactly(new CopyOutcome.AlreadyCopied("snap-0a0000000000000a1", EARLIER_COPY, "us-west-2"));
        assertThat(ledger.slots(POOL)).containsOnlyKeys("copy/ebs/us-east-1/snap-0a0000000000000a1/us-west-2");
        assertThat(ledger.slots(POOL).values().iterator().next().details()).containsEntry(CopySlots.COPY_ID, EARLIER_COPY);
        assertThat(service.handle(event("snap-0b0000000000000b1"))).singleElement().isInstanceOf(CopyOutcome.Deferred.class);
        assertThat(snapshots.started).isEmpty();

        // AND its completion event frees the slot, after which the next snapshot is copied
        assertThat(completions.settle(ResourceTypes.EBS_SNAPSHOT, "us-west-2", EARLIER_COPY, true, ""))
                .isInstanceOf(CopyCompletionService.Completion.Settled.class);
        assertThat(ledger.slots(POOL)).isEmpty();
        assertThat(service.handle(event("snap-0b0000000000000b1"))).singleElement().isInstanceOf(CopyOutcome.Started.class);
        assertThat(snapshots.started).containsExactly("snap-0b0000000000000b1");
        assertThat(alerts).isEmpty();
    }

    @Test
    void anAdoptedCopyAlreadyCompletedGivesItsSlotBackAtOnce() {
        // GIVEN the crashed attempt's copy has completed meanwhile (its completion event found no record of it)
        snapshots.copyStates.put(EARLIER_COPY, "completed");

        // WHEN the event is delivered again and the claim taken over
        List<CopyOutcome> adopted = service.handle(event("snap-0a0000000000000a1"));

        // THEN the copy is adopted and takes no slot: the next snapshot is copied at once
        assertThat(adopted).containsExactly(new CopyOutcome.AlreadyCopied("snap-0a0000000000000a1", EARLIER_COPY, "us-west-2"));
        assertThat(ledger.slots(POOL)).isEmpty();
        assertThat(service.handle(event("snap-0b0000000000000b1"))).singleElement().isInstanceOf(CopyOutcome.Started.class);
    }

    private static EbsSnapshotEvent event(String snapshot) {
        return EbsSnapshotEvent.from(EventEnvelope.parse(PrimaryEstate.event("ebs-create-snapshot-succeeded.json",
                Map.of("snap-0a1b2c3d4e5f60001", snapshot, "vol-0a1b2c3d4e5f60001", "vol-0c0000000000000c1"))));
    }

    /** Source snapshots in us-east-1 and Lifeboat's copies of them in us-west-2, with the copies' states. */
    private static final class Snapshots implements EbsSnapshots {
        final Map<String, String> policies = new HashMap<>();
        final Map<String, String> copies = new HashMap<>();
        final Map<String, String> copyStates = new HashMap<>();
        final List<String> started = new ArrayList<>();

        void source(String snapshotId, String policy) {
            policies.put(snapshotId, policy);
        }

        @Override
        public Optional<SourceSnapshot> describe(Region region, String snapshotId) {
            if (region.equals(Region.US_EAST_1) && policies.containsKey(snapshotId)) {
                return Optional.of(new SourceSnapshot(snapshotId, "vol-0c0000000000000c1", "completed", Instant.now(), false, Optional.empty(),
                        Map.of("lifeboat:policy", policies.get(snapshotId))));
            }
            if (region.equals(Region.US_WEST_2) && copies.containsKey(snapshotId)) {
                return Optional.of(new SourceSnapshot(snapshotId, "vol-ffffffff", copyStates.getOrDefault(snapshotId, "pending"), Instant.now(),
                        true, Optional.empty(), Map.of("lifeboat:managed", "true", "lifeboat:source-id", copies.get(snapshotId))));
            }
            return Optional.empty();
        }

        @Override
        public Map<String, String> volumeTags(Region region, String volumeId) {
            return Map.of();
        }

        @Override
        public Optional<String> findCopy(Region destination, Region sourceRegion, String sourceSnapshotId) {
            return copies.entrySet().stream().filter(copy -> copy.getValue().equals(sourceSnapshotId)).map(Map.Entry::getKey).findFirst();
        }

        @Override
        public void share(Region region, String snapshotId, String account) {
            throw new AssertionError("no account to share with");
        }

        @Override
        public String startCopy(CopyRequest request) {
            started.add(request.sourceSnapshotId());
            String copyId = "snap-0f00000000000000" + started.size();
            copies.put(copyId, request.sourceSnapshotId());
            return copyId;
        }
    }
}
