package dev.lifeboat.rpomonitor;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.Emf;
import dev.lifeboat.local.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * AWS Backup recovery points in the recovery vault, which moto does not implement: a WireMock stub
 * answers {@code ListRecoveryPointsByBackupVault} ({@code GET /backup-vaults/{name}/recovery-points/})
 * with the documented JSON (epoch-second timestamps, {@code NextToken} paging); everything else is moto.
 */
@ExtendWith(MotoExtension.class)
class RecoveryPointsAgainstWireMockBackupStubTest {

    private static final Instant START = Instant.parse("2026-03-02T12:00:00Z");
    private static final String VAULT = "lifeboat-recovery";
    private static final String PATH = "/backup-vaults/" + VAULT + "/recovery-points/";
    private static final String EFS = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0";

    private final WireMockServer backup = new WireMockServer(wireMockConfig().dynamicPort());
    private RpoEstate estate;
    private MovableClock clock;

    @BeforeEach
    void setUp(Emulator emulator) {
        backup.start();
        estate = new RpoEstate(emulator);
        clock = new MovableClock(START);
    }

    @AfterEach
    void stop() {
        backup.stop();
    }

    @Test
    void recoveryVaultCopiesAreMeasuredAgainstThePolicyOfTheirPrimaryResource() {
        // GIVEN a gold (4-hour) volume in the primary region, and over two pages of the recovery vault: its copy
        // of two hours ago, a newer copy still being created, an EFS copy of 30 hours ago, and a local backup
        String volume = estate.primaryVolume("gold");
        String volumeArn = RpoEstate.volumeArn(volume);
        backup.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("nextToken", absent()).willReturn(json("""
                {"NextToken": "page-2", "RecoveryPoints": [
                  %s,
                  %s]}""".formatted(point("rp-completed", volumeArn, "EBS", "COMPLETED", START.minus(Duration.ofHours(2)), true),
                point("rp-local", "arn:aws:ec2:us-west-2:123456789012:volume/vol-0local", "EBS", "COMPLETED", START, false)))));
        backup.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("nextToken", equalTo("page-2")).willReturn(json("""
                {"RecoveryPoints": [
                  %s,
                  %s]}""".formatted(point("rp-creating", volumeArn, "EBS", "CREATING", START.minus(Duration.ofMinutes(10)), true),
                point("rp-efs", EFS, "EFS", "COMPLETED", START.minus(Duration.ofHours(30)), true)))));

        // WHEN the monitor runs with the vault configured
        RpoEstate.Run run = estate.run(Map.of("RECOVERY_VAULT_NAME", VAULT, "AWS_ENDPOINT_URL_BACKUP", backup.baseUrl()), clock);

        // THEN the volume is measured by its newest completed recovery point, under its primary tag's policy
        JsonNode line = run.resource(volumeArn);
        assertThat(line.path("newestCopyId").asText()).isEqualTo(arn("rp-completed"));
        assertThat(line.path("newestCopyType").asText()).isEqualTo("backup-recovery-point");
        assertThat(line.path("ageHours").asDouble()).isEqualTo(2.0);
        assertThat(line.path("copiesInProgress").asInt()).isEqualTo(1);
        assertThat(line.path("policy").asText()).isEqualTo("gold");
        assertThat(line.path("status").asText()).isEqualTo("COMPLIANT");

        // AND the EFS file system, known only from the vault, falls under the default policy (24 hours) and is in breach
        JsonNode efs = run.resource(EFS);
        assertThat(efs.path("type").asText()).isEqualTo("backup:EFS");
        assertThat(efs.path("policySource").asText()).isEqualTo("default");
        assertThat(efs.path("status").asText()).isEqualTo("BREACH");

        // AND the local backup is no copy; the calls were signed for AWS Backup in the recovery region
        assertThat(run.summary().path("resources").findValuesAsText("sourceArn")).doesNotContain("arn:aws:ec2:us-west-2:123456789012:volume/vol-0local");
        assertThat(run.summary().path("recoveryVaultReadable").asBoolean()).isTrue();
        backup.verify(2, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("maxResults", equalTo("1000"))
                .withHeader("Authorization", containing("/us-west-2/backup/aws4_request")));
        assertThat(Emf.metrics(run.output())).filteredOn(m -> m.name().equals("RecoveryVaultReadable"))
                .extracting(Emf.Metric::value).containsExactly(1.0);
    }

    @Test
    void unreadableRecoveryVaultIsLoggedAndTheRunGoesOnWithTheSnapshotCopies() {
        // GIVEN a vault that answers with an error, and an EBS copy
        backup.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("x-amzn-ErrorType", "AccessDeniedException").withBody("{\"Message\": \"not authorized\"}")));
        estate.ebsCopy("vol-0aaa", "gold", START.minus(Duration.ofHours(1)));

        // WHEN the monitor runs
        RpoEstate.Run run = estate.run(Map.of("RECOVERY_VAULT_NAME", VAULT, "AWS_ENDPOINT_URL_BACKUP", backup.baseUrl()), clock);

        // THEN the copy is reported, the vault is marked unreadable, and the error names the vault and the cause
        assertThat(run.resource(RpoEstate.volumeArn("vol-0aaa")).path("status").asText()).isEqualTo("COMPLIANT");
        assertThat(run.summary().path("recoveryVaultReadable").asBoolean()).isFalse();
        assertThat(Emf.metrics(run.output())).filteredOn(m -> m.name().equals("RecoveryVaultReadable"))
                .extracting(Emf.Metric::value).containsExactly(0.0);
        assertThat(run.output()).contains("Cannot list the recovery points of AWS Backup vault lifeboat-recovery in us-west-2")
                .contains("AccessDeniedException");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String arn(String id) {
        return "arn:aws:backup:us-west-2:123456789012:recovery-point:" + id;
    }

    /** One entry of {@code RecoveryPoints}, as the API reference documents it. */
    private static String point(String id, String resourceArn, String type, String status, Instant created, boolean copied) {
        double seconds = created.getEpochSecond() + 0.25;
        return """
                {"RecoveryPointArn": "%s", "BackupVaultName": "%s", "BackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:%s",
                 %s"ResourceArn": "%s", "ResourceType": "%s", "Status": "%s", "CreationDate": %s, "CompletionDate": %s,
                 "IsEncrypted": true, "BackupSizeInBytes": 8589934592,
                 "CreatedBy": {"BackupPlanId": "plan-1", "BackupRuleId": "rule-1"}}""".formatted(arn(id), VAULT, VAULT,
                copied ? "\"SourceBackupVaultArn\": \"arn:aws:backup:us-east-1:123456789012:backup-vault:Default\", " : "",
                resourceArn, type, status, seconds, seconds + 600);
    }
}
