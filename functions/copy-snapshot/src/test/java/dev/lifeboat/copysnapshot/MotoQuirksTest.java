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
}
