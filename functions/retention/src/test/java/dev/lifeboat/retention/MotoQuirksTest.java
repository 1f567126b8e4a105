package dev.lifeboat.retention;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.TargetStorageTier;

/** Moto behaviour retention's tests depend on, each checked here so that a moto upgrade that changes it is noticed. */
@ExtendWith(MotoExtension.class)
class MotoQuirksTest {

    @Test
    void motoAnswers500ForModifySnapshotTierSoTheArchiveTierIsTestedAgainstAWireMockStub(Emulator emulator) {
        RecoveryEstate estate = new RecoveryEstate(emulator);
        String snapshot = estate.ebsCopy(java.util.Map.of("team", "orders"));

        assertThatThrownBy(() -> estate.ec2.modifySnapshotTier(r -> r.snapshotId(snapshot).storageTier(TargetStorageTier.ARCHIVE)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> org.assertj.core.api.Assertions.assertThat(e.statusCode())
                        .isEqualTo(500));
    }
}
