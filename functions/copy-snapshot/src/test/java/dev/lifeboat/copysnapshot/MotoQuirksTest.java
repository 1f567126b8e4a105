package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where moto 5.2 differs from AWS in what the copy path uses. Each test pins the emulator's
 * behaviour, so that the day it changes, the workaround it names can go.
 */
@ExtendWith(MotoExtension.class)
class MotoQuirksTest {

    @Test
    void motoIgnoresOwnerIdsSelfOnDescribeSnapshotsSoCopiesAreFoundByTag(Emulator emulator) {
        // On AWS, OwnerIds=self lists only the account's own snapshots; moto also returns its public AMI snapshots.
        PrimaryEstate estate = new PrimaryEstate(emulator);

        assertThat(estate.recoveryEc2.describeSnapshots(r -> r.ownerIds("self")).snapshots())
                .anySatisfy(snapshot -> assertThat(snapshot.ownerId()).isNotEqualTo(Emulator.ACCOUNT));
    }

    @Test
    void motoIgnoresCopyTagsWhenTagsAreGivenSoLifeboatCopiesTheSourceTagsItself(Emulator emulator) {
        // AWS's CopyDBSnapshot documents CopyTags=true as copying the source's tags; moto 5.2 applies only the
        // explicit Tags when both are given. Lifeboat sends the source's tags merged into Tags, right on both.
        new PrimaryEstate(emulator);
        var primary = emulator.client(software.amazon.awssdk.services.rds.RdsClient.builder(), Emulator.PRIMARY);
        var recovery = emulator.client(software.amazon.awssdk.services.rds.RdsClient.builder(), Emulator.RECOVERY);
        primary.createDBInstance(r -> r.dbInstanceIdentifier("db").engine("postgres").dbInstanceClass("db.t3.micro")
                .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20));
        String arn = primary.createDBSnapshot(r -> r.dbInstanceIdentifier("db").dbSnapshotIdentifier("s1")
                .tags(software.amazon.awssdk.services.rds.model.Tag.builder().key("team").value("orders").build())).dbSnapshot().dbSnapshotArn();

        String copyArn = recovery.copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(arn).targetDBSnapshotIdentifier("c1").sourceRegion("us-east-1")
                .copyTags(true).tags(software.amazon.awssdk.services.rds.model.Tag.builder().key("lifeboat:managed").value("true").build()))
                .dbSnapshot().dbSnapshotArn();

        assertThat(recovery.listTagsForResource(r -> r.resourceName(copyArn)).tagList())
                .extracting(software.amazon.awssdk.services.rds.model.Tag::key).containsExactly("lifeboat:managed");
    }

    @Test
    void motoChecksAConditionalWriteAndAppliesItWithoutALockSoConcurrentSlotTakesCanPassTheCap(Emulator emulator) throws Exception {
        // DynamoDB applies the writes to one item one at a time, so "size(holders) < cap" holds for the caps Lifeboat
        // keeps; moto evaluates the condition and then applies the update with no lock, and under concurrent requests
        // two takes can both pass. Tests that take slots concurrently use ItemWritesSerialisedDynamoDb.
        // GIVEN the ledger on moto, and pools with a cap of 1
        PrimaryEstate estate = new PrimaryEstate(emulator);
        dev.lifeboat.shared.ledger.Ledger ledger = new dev.lifeboat.shared.ledger.DynamoDbLedger(
                emulator.client(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), Emulator.PRIMARY),
                estate.functionEnvironment().get("LEDGER_TABLE"), java.time.Clock.systemUTC());
        java.util.concurrent.ExecutorService invocations = java.util.concurrent.Executors.newFixedThreadPool(8);
        int mostTaken = 0;
        try {
            // WHEN eight holders take a slot of a fresh pool at once: a race, so tried until seen, with a bound
            for (int trial = 0; trial < 300 && mostTaken <= 1; trial++) {
                String pool = "slots/quirk/" + trial;
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                java.util.List<java.util.concurrent.Future<Boolean>> takes = new java.util.ArrayList<>();
                ledger.acquireSlot(pool, 1, "creates-the-pool", java.util.Map.of());
                ledger.releaseSlot(pool, "creates-the-pool");
                for (int holder = 0; holder < 8; holder++) {
                    String name = "holder-" + holder;
                    takes.add(invocations.submit(() -> {
                        start.await();
                        return ledger.acquireSlot(pool, 1, name, java.util.Map.of());
                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<Boolean> take : takes) {
                    take.get();
                }
                mostTaken = Math.max(mostTaken, ledger.slots(pool).size());
            }
        } finally {
            invocations.shutdownNow();
        }

        // THEN some pool has more holders than its cap
        assertThat(mostTaken).as("slots taken at once in a pool with a cap of 1").isGreaterThan(1);
    }
}
