package dev.lifeboat.healthreport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.restore.RestJsonApi;
import dev.lifeboat.rpomonitor.BackupVaultCopies;
import dev.lifeboat.rpomonitor.RpoEvaluation;
import dev.lifeboat.rpomonitor.SnapshotCopies;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The recovery vault's recovery points, counted per protected resource with their size and
 * storage class. Moto has no ListRecoveryPointsByBackupVault: AWS Backup is a WireMock stub
 * answering with the documented JSON (CreationDate in epoch seconds, BackupSizeInBytes,
 * StorageClass WARM|COLD, NextToken paging); EC2 and RDS are moto.
 */
@ExtendWith(MotoExtension.class)
class BackupVaultEstateAgainstWireMockBackupStubTest {

    private static final String EFS = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0";
    private final WireMockServer backup = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

    @BeforeEach
    void start() {
        backup.start();
    }

    @AfterEach
    void stop() {
        backup.stop();
    }

    @Test
    void countsCompletedRecoveryPointsPerResourceWithTheirStorageClassAcrossPages(Emulator emulator) {
        backup.stubFor(get(urlPathEqualTo("/backup-vaults/lifeboat-recovery/recovery-points/")).withQueryParam("nextToken", equalTo("page-2"))
                .willReturn(json(200, """
                        {"RecoveryPoints": [
                          {"RecoveryPointArn": "arn:aws:backup:us-west-2:123456789012:recovery-point:rp-3", "ResourceArn": "%s",
                           "ResourceType": "EFS", "CreationDate": 1741500000, "BackupSizeInBytes": 5368709120, "StorageClass": "COLD",
                           "Status": "COMPLETED"}]}""".formatted(EFS))));
        backup.stubFor(get(urlPathEqualTo("/backup-vaults/lifeboat-recovery/recovery-points/")).atPriority(10).willReturn(json(200, """
                {"RecoveryPoints": [
                  {"RecoveryPointArn": "arn:aws:backup:us-west-2:123456789012:recovery-point:rp-1", "ResourceArn": "%s",
                   "ResourceType": "EFS", "CreationDate": 1741590000.5, "BackupSizeInBytes": 10737418240, "StorageClass": "WARM",
                   "Status": "COMPLETED"},
                  {"RecoveryPointArn": "arn:aws:backup:us-west-2:123456789012:recovery-point:rp-2", "ResourceArn": "%s",
                   "ResourceType": "EFS", "CreationDate": 1741595000, "BackupSizeInBytes": 1073741824, "StorageClass": "WARM",
                   "Status": "PARTIAL"}],
                 "NextToken": "page-2"}""".formatted(EFS, EFS))));

        EstateView.Estate estate = estate(emulator).read("123456789012", Instant.parse("2025-03-10T12:00:00Z"));

        assertThat(estate.notes()).isEmpty();
        assertThat(estate.resources()).singleElement().satisfies(resource -> {
            assertThat(resource.source()).isEqualTo(EFS);
            assertThat(resource.assessment().resourceType()).isEqualTo("backup:EFS");
            assertThat(resource.assessment().copiesInProgress()).isEqualTo(1);
            assertThat(resource.copies()).extracting(CopyRecord::storage).containsExactly(StorageClass.BACKUP_WARM, StorageClass.BACKUP_COLD);
            assertThat(resource.copies()).extracting(CopyRecord::sizeGb).containsExactly(10.0, 5.0);
            assertThat(resource.copies().getFirst().createdAt()).isEqualTo(Instant.ofEpochMilli(1741590000500L));
        });
    }

    @Test
    void aVaultThatCannotBeListedIsNotedAndTheSnapshotsAreStillCounted(Emulator emulator) {
        backup.stubFor(get(urlPathEqualTo("/backup-vaults/lifeboat-recovery/recovery-points/")).willReturn(json(403, """
                {"__type": "AccessDeniedException", "Message": "not authorized"}""")));
        new ReportEstate(emulator).ebsCopy("arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b2c3d4e5f60001", 8, Instant.now());

        EstateView.Estate estate = estate(emulator).read("123456789012", Instant.now());

        assertThat(estate.resources()).hasSize(1);
        assertThat(estate.notes()).singleElement().asString().contains("lifeboat-recovery").contains("AccessDeniedException");
    }

    private MonitoredEstate estate(Emulator emulator) {
        AwsClientFactory clients = new AwsClientFactory(emulator.environment(Map.of("AWS_REGION", Emulator.RECOVERY.id())));
        RestJsonApi api = new RestJsonApi(clients.httpClient(), clients.credentials(), "backup", Emulator.RECOVERY.id(),
                Optional.of(URI.create(backup.baseUrl())));
        Ec2Client ec2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        RdsClient rds = emulator.client(RdsClient.builder(), Emulator.RECOVERY);
        RpoAssessment assessment = new RpoAssessment(new SnapshotCopies(ec2, rds),
                Optional.of(new BackupVaultCopies(api, "lifeboat-recovery", Emulator.RECOVERY.id())), Optional.empty(),
                new RpoEvaluation(Reports.catalog(Duration.ofHours(24))));
        return new MonitoredEstate(assessment, new RecoveryRegionStorage(ec2, rds, Optional.of(api), Optional.of("lifeboat-recovery")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
