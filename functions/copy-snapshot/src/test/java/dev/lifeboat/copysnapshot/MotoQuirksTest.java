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
}
