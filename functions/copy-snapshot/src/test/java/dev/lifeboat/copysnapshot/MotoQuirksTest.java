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
        // GIVEN the ledger on moto and a pool of AWS Backup's default cap, 100, with 99 slots taken (the larger the
        // item, the longer moto takes between check and write, and the sooner the race shows)
        PrimaryEstate estate = new PrimaryEstate(emulator);
        dev.lifeboat.shared.ledger.Ledger ledger = new dev.lifeboat.shared.ledger.DynamoDbLedger(
                emulator.client(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), Emulator.PRIMARY),
                estate.functionEnvironment().get("LEDGER_TABLE"), java.time.Clock.systemUTC());
        String pool = "slots/quirk/us-west-2";
        int cap = 100;
        for (int holder = 0; holder < cap - 1; holder++) {
            ledger.acquireSlot(pool, cap, "taken-" + holder, java.util.Map.of("source", "snap-" + holder));
        }
        java.util.concurrent.ExecutorService invocations = java.util.concurrent.Executors.newFixedThreadPool(8);
        int mostTaken = 0;
        try {
            // WHEN eight holders take the last slot at once: a race, so tried until seen (within seconds here, sooner
            // under load), for at most two minutes
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
            for (int trial = 0; mostTaken <= cap && System.nanoTime() < deadline; trial++) {
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
                java.util.List<java.util.concurrent.Future<Boolean>> takes = new java.util.ArrayList<>();
                for (int holder = 0; holder < 8; holder++) {
                    String name = "trial-" + trial + "-" + holder;
                    takes.add(invocations.submit(() -> {
                        start.await();
                        return ledger.acquireSlot(pool, cap, name, java.util.Map.of());
                    }));
                }
                for (java.util.concurrent.Future<Boolean> take : takes) {
                    take.get();
                }
                mostTaken = Math.max(mostTaken, ledger.slots(pool).size());
                for (int holder = 0; holder < 8; holder++) {
                    ledger.releaseSlot(pool, "trial-" + trial + "-" + holder);
                }
            }
        } finally {
            invocations.shutdownNow();
        }

        // THEN the pool has had more holders than its cap
        assertThat(mostTaken).as("most slots taken at once in a pool with a cap of 100").isGreaterThan(cap);
    }
}
