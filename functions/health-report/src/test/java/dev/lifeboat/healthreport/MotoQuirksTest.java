package dev.lifeboat.healthreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Moto behaviour the health report's tests depend on. The deployable-jar IT runs with the
 * template's BACKUP_VAULT set; moto has no ListRecoveryPointsByBackupVault, so there the vault
 * cannot be listed and the report notes it (the vault itself is tested against a WireMock stub).
 */
@ExtendWith(MotoExtension.class)
class MotoQuirksTest {

    @Test
    void motoAnswersListRecoveryPointsByBackupVaultWithAnError(Emulator emulator) {
        AwsClientFactory clients = new AwsClientFactory(emulator.environment(Map.of("AWS_REGION", Emulator.RECOVERY.id())));
        RestJsonApi backup = new RestJsonApi(clients.httpClient(), clients.credentials(), "backup", Emulator.RECOVERY.id(),
                clients.endpointFor("BACKUP"));

        assertThatThrownBy(() -> backup.get("/backup-vaults/lifeboat-recovery/recovery-points/", Map.of()))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aSignedPathStylePutObjectKeepsItsKmsKeyAndAKeyWithSpaceAndPlus(Emulator emulator) {
        ReportEstate estate = new ReportEstate(emulator);
        AwsClientFactory clients = new AwsClientFactory(estate.functionEnvironment());

        HealthReportHandler.s3Objects(clients).put(ReportEstate.BUCKET, "reports/a b+c.txt", "text/plain", new byte[] {1, 2}, estate.keyArn);

        var head = estate.s3.headObject(r -> r.bucket(ReportEstate.BUCKET).key("reports/a b+c.txt"));
        assertThat(head.ssekmsKeyId()).contains(estate.keyId);
        assertThat(head.contentLength()).isEqualTo(2);
    }
}
