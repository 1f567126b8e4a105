package dev.lifeboat.copysnapshot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * AWS does not share a snapshot encrypted with an AWS managed key ({@code aws/ebs},
 * {@code aws/rds}): such a source under a cross-account policy fails for good, with a message that
 * says what to do, and nothing is shared. EC2 and RDS are moto; KMS {@code DescribeKey} is a
 * WireMock stub answering as AWS does for an AWS managed key, because moto reports those keys as
 * customer managed (see {@code CrossAccountCopyTest#motoReportsTheAwsManagedEbsKeyAsCustomerManaged}).
 */
@ExtendWith(MotoExtension.class)
class AwsManagedKeySourceAgainstWireMockKmsStubTest {

    private final WireMockServer kms = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private PrimaryEstate estate;
    private CopySnapshotHandler handler;
    private RecoveryAccount recovery;
    private String keyArn;

    @BeforeEach
    void setUp(Emulator emulator) {
        kms.start();
        estate = new PrimaryEstate(emulator);
        Map<String, String> environment = new HashMap<>(estate.functionEnvironment());
        environment.put("AWS_ENDPOINT_URL_KMS", kms.baseUrl());
        handler = new CopySnapshotHandler(environment);
        recovery = new RecoveryAccount(emulator);
        keyArn = emulator.client(KmsClient.builder(), Emulator.PRIMARY).createKey(r -> r.description("stands for aws/ebs")).keyMetadata().arn();
        String recoveryKey = recovery.client(KmsClient.builder(), Emulator.RECOVERY).createKey(r -> r.description("recovery")).keyMetadata().arn();
        estate.putPolicyDocument("""
                {"policies": {"dr": {"recoveryRegion": "us-west-2", "recoveryAccount": "%s", "recoveryKmsKey": "%s"}}}"""
                .formatted(RecoveryAccount.ID, recoveryKey));
        kms.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("TrentService.DescribeKey"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody("""
                        {"KeyMetadata": {"AWSAccountId": "%s", "KeyId": "%s", "Arn": "%s", "KeyManager": "AWS",
                         "KeyState": "Enabled", "Enabled": true, "Description": "Default key that protects my EBS volumes when no other key is defined",
                         "KeyUsage": "ENCRYPT_DECRYPT", "KeySpec": "SYMMETRIC_DEFAULT", "Origin": "AWS_KMS", "MultiRegion": false}}"""
                        .formatted(Emulator.ACCOUNT, keyArn.substring(keyArn.lastIndexOf('/') + 1), keyArn))));
    }

    @AfterEach
    void tearDown() {
        kms.stop();
    }

    @Test
    void ebsSnapshotEncryptedWithTheAwsManagedKeyIsRefusedForGoodAndNotShared() {
        // GIVEN a snapshot under a cross-account policy, encrypted with what KMS says is an AWS managed key
        String volume = estate.primaryEc2.createVolume(r -> r.availabilityZone("us-east-1a").size(8).encrypted(true).kmsKeyId(keyArn)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME)
                        .tags(Tag.builder().key("lifeboat:policy").value("dr").build()).build())).volumeId();
        String unkeyed = estate.primaryEc2.createSnapshot(r -> r.volumeId(volume)).snapshotId();
        // moto names no key on a snapshot of an encrypted volume; a copy made with a key names it
        String snapshot = estate.primaryEc2.copySnapshot(r -> r.sourceRegion("us-east-1").sourceSnapshotId(unkeyed).encrypted(true)
                .kmsKeyId(keyArn).presignedUrl("https://emulator.invalid/")).snapshotId();

        // WHEN its event arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> handle(PrimaryEstate.eventInEmulatorAccount(
                "ebs-create-snapshot-succeeded.json", Map.of("snap-0a1b2c3d4e5f60001", snapshot))));

        // THEN the record fails as needing attention, saying why and what to do; nothing is shared or copied
        assertThat(result.value().getBatchItemFailures()).hasSize(1);
        assertThat(result.output()).contains("needs attention").contains("AWS managed key aws/ebs")
                .contains("customer managed key whose key policy allows account " + RecoveryAccount.ID);
        kms.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson("{\"KeyId\": \"" + keyArn + "\"}"))
                .withHeader("Authorization", containing("/us-east-1/kms/aws4_request")));
        assertThat(estate.primaryEc2.describeSnapshotAttribute(r -> r.snapshotId(snapshot)
                .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)).createVolumePermissions()).isEmpty();
        assertThat(recovery.client(Ec2Client.builder(), Emulator.RECOVERY).describeSnapshots(r -> r.ownerIds("self")
                .filters(Filter.builder().name("tag:lifeboat:source-id").values(snapshot).build())).snapshots()).isEmpty();
    }

    @Test
    void rdsSnapshotEncryptedWithTheAwsManagedKeyIsRefusedForGoodAndNotShared() {
        // GIVEN a manual DB snapshot under a cross-account policy, encrypted with what KMS says is an AWS managed key
        RdsClient rds = estate.emulator.client(RdsClient.builder(), Emulator.PRIMARY);
        rds.createDBInstance(r -> r.dbInstanceIdentifier("orders-db").engine("postgres").dbInstanceClass("db.t3.micro")
                .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20).storageEncrypted(true).kmsKeyId(keyArn)
                .tags(software.amazon.awssdk.services.rds.model.Tag.builder().key("lifeboat:policy").value("dr").build()));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("orders-db").dbSnapshotIdentifier("orders-db-nightly"));

        // WHEN its event arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> handle(PrimaryEstate.eventInEmulatorAccount(
                "rds-db-snapshot-created-manual.json", Map.of("orders-db-before-upgrade", "orders-db-nightly"))));

        // THEN it fails for good naming aws/rds, and the snapshot is shared with no one
        assertThat(result.value().getBatchItemFailures()).hasSize(1);
        assertThat(result.output()).contains("needs attention").contains("AWS managed key aws/rds").contains("CopyDBSnapshot --kms-key-id");
        assertThat(rds.describeDBSnapshotAttributes(r -> r.dbSnapshotIdentifier("orders-db-nightly")).dbSnapshotAttributesResult()
                .dbSnapshotAttributes()).allSatisfy(a -> assertThat(a.attributeValues()).doesNotContain(RecoveryAccount.ID));
    }

    private SQSBatchResponse handle(String event) {
        return handler.handleRequest(PrimaryEstate.sqsEvent(event), LambdaTestContext.forFunction("lifeboat-copy-snapshot"));
    }
}
