package dev.lifeboat.startrestore;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.frontdoor.FrontDoor;
import dev.lifeboat.local.frontdoor.FrontDoorExtension;
import dev.lifeboat.local.restore.RestoreWorkflow.Execution;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The AWS Backup paths of the restore workflow. Moto has no AWS Backup, so the front door sends
 * every request signed for {@code backup} (the resolver's and the state machine's) to a WireMock
 * stub answering with the JSON AWS Backup's API reference documents.
 */
@ExtendWith(FrontDoorExtension.class)
class RestoreWorkflowAgainstWireMockBackupTest {

    private static final String SOURCE = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1b2c3d4e5f60002";
    private static final String RECOVERY_POINT = "arn:aws:ec2:us-west-2:123456789012:snapshot/snap-0b1c2d3e4f5a60002";
    private static final String JOB = "D2D2C8A4-1B9F-4E3E-9F9C-0A1B2C3D4E5F";

    private final WireMockServer backup = new WireMockServer(wireMockConfig().dynamicPort());
    private RecoveryEstate estate;

    @BeforeEach
    void setUp(Emulator emulator, FrontDoor door) {
        estate = new RecoveryEstate(emulator);
        door.useParameters(RecoveryEstate.FAST);
        backup.start();
        door.route("backup", URI.create(backup.baseUrl()));
        backup.stubFor(get(urlPathEqualTo("/backup-vaults/lifeboat-recovery/recovery-points/")).withQueryParam("resourceArn", equalTo(SOURCE))
                .willReturn(json("""
                        {"RecoveryPoints": [
                          {"RecoveryPointArn": "arn:aws:ec2:us-west-2:123456789012:snapshot/snap-0b1c2d3e4f5a60001", "ResourceArn": "%s",
                           "ResourceType": "EBS", "BackupVaultName": "lifeboat-recovery", "Status": "COMPLETED", "CreationDate": 1741552746.847},
                          {"RecoveryPointArn": "%s", "ResourceArn": "%s",
                           "ResourceType": "EBS", "BackupVaultName": "lifeboat-recovery", "Status": "COMPLETED", "CreationDate": 1741639146.847}]}
                        """.formatted(SOURCE, RECOVERY_POINT, SOURCE))));
        backup.stubFor(get(urlPathMatching("/backup-vaults/lifeboat-recovery/recovery-points/.+/restore-metadata")).willReturn(json("""
                {"BackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:lifeboat-recovery", "RecoveryPointArn": "%s",
                 "RestoreMetadata": {"availabilityZone": "us-west-2a", "volumeType": "gp3", "encrypted": "true"}}
                """.formatted(RECOVERY_POINT))));
        backup.stubFor(put(urlPathEqualTo("/restore-jobs")).willReturn(json("""
                {"RestoreJobId": "%s"}""".formatted(JOB))));
    }

    @AfterEach
    void tearDown() {
        backup.stop();
    }

    @Test
    void restoresTheNewestRecoveryPointThroughAnAwsBackupRestoreJob() {
        // GIVEN a restore job that completes
        backup.stubFor(get(urlPathEqualTo("/restore-jobs/" + JOB)).willReturn(json("""
                {"RestoreJobId": "%s", "RecoveryPointArn": "%s", "Status": "COMPLETED",
                 "CreatedResourceArn": "arn:aws:ec2:us-west-2:123456789012:volume/vol-0c1d2e3f4a5b60002"}""".formatted(JOB, RECOVERY_POINT))));

        // WHEN the README's AWS Backup request runs as it is
        Execution execution = run(RecoveryEstate.file("events/restore-request-backup-recovery-point.json"));

        // THEN the newest recovery point is restored, in the zone the request names, once
        assertThat(execution.succeeded()).as("%s %s %s", execution.error(), execution.cause(), execution.states()).isTrue();
        backup.verify(1, putRequestedFor(urlPathEqualTo("/restore-jobs"))
                .withRequestBody(matchingJsonPath("$.RecoveryPointArn", equalTo(RECOVERY_POINT)))
                .withRequestBody(matchingJsonPath("$.Metadata.availabilityZone", equalTo("us-west-2b")))
                .withRequestBody(matchingJsonPath("$.IamRoleArn", equalTo("arn:aws:iam::123456789012:role/lifeboat-BackupRestoreRole"))));
        assertThat(execution.output()).hasValueSatisfying(output -> assertThat(output).contains("vol-0c1d2e3f4a5b60002"));
    }

    @Test
    void restoreThatOutlastsItsTimeLimitFailsAsTimedOut() {
        // GIVEN a restore job that never finishes
        backup.stubFor(get(urlPathEqualTo("/restore-jobs/" + JOB)).willReturn(json("""
                {"RestoreJobId": "%s", "RecoveryPointArn": "%s", "Status": "RUNNING"}""".formatted(JOB, RECOVERY_POINT))));

        // WHEN the request allows it three seconds
        Execution execution = run(RecoveryEstate.file("events/restore-request-backup-recovery-point.json")
                .replace("\"recoveryPoint\": \"latest\",", "\"recoveryPoint\": \"latest\", \"timing\": {\"pollSeconds\": 1, \"timeLimitSeconds\": 3},"));

        // THEN it fails as timed out after three checks, says what it waited for, and says what is left to clean up
        assertThat(execution.error()).hasValue("Lifeboat.RestoreTimedOut");
        assertThat(execution.cause()).hasValueSatisfying(cause -> assertThat(cause).contains(JOB, "3 seconds", "RUNNING"));
        assertThat(execution.states()).filteredOn("DescribeRestoreJob"::equals).hasSize(3);
        assertThat(estate.notifications()).singleElement().asString().contains("Lifeboat.RestoreTimedOut", "kept " + JOB);
    }

    private Execution run(String input) {
        return estate.workflow.run("backup-" + System.nanoTime(), input, line -> { });
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
