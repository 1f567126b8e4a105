package dev.lifeboat.rpomonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/** Moto 5.2 behaviour the monitor's tests depend on, each named after the quirk. */
@ExtendWith(MotoExtension.class)
class MotoQuirksTest {

    @Test
    void motoHasNoAwsBackupRecoveryPointListingAndAnswersItWithAnHtmlNotFoundPage(Emulator emulator) {
        // So every test against moto alone sees the recovery vault as unreadable; vault listings are tested on a WireMock stub.
        AwsClientFactory clients = new AwsClientFactory(emulator.environment(Map.of("AWS_REGION", "us-west-2")));
        RestJsonApi backup = new RestJsonApi(clients.httpClient(), clients.credentials(), "backup", "us-west-2", clients.endpointFor("BACKUP"));

        assertThatThrownBy(() -> new BackupVaultCopies(backup, "lifeboat-recovery", "us-west-2").copies("123456789012"))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("/backup-vaults/lifeboat-recovery/recovery-points/");
    }

    @Test
    void motoCompletesAnEbsSnapshotAtOnceSoACopyInProgressIsTestedWithoutIt(Emulator emulator) {
        // On AWS a copy is "pending" for minutes to hours; moto's are "completed" when created, so the rule that only
        // completed copies count is tested on the evaluation alone (RpoEvaluationTest).
        RpoEstate estate = new RpoEstate(emulator);
        String snapshot = estate.ebsCopy("vol-0aaa", "gold", Instant.parse("2026-03-02T12:00:00Z"));

        assertThat(estate.recoveryEc2.describeSnapshots(r -> r.snapshotIds(snapshot)).snapshots().getFirst().state())
                .isEqualTo(SnapshotState.COMPLETED);
        assertThat(new SnapshotCopies(estate.recoveryEc2, estate.recoveryRds).copies("123456789012"))
                .singleElement().extracting(RecoveryCopy::completed, RecoveryCopy::policy).containsExactly(true, Optional.of("gold"));
    }
}
