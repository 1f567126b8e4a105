package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployable artifact, {@code functions/copy-snapshot/target/copy-snapshot.jar}, exactly as
 * {@code sam deploy} uploads it (shaded, then shrunk by ProGuard), loaded on its own class loader
 * and invoked through the template like {@code bin/lifeboat invoke}: every SDK path the function
 * takes must still be in the jar.
 */
@ExtendWith(MotoExtension.class)
class CopySnapshotDeployableJarIT {

    private static final long MAX_ARTIFACT_BYTES = 15L * 1024 * 1024;

    private PrimaryEstate estate;
    private FunctionInvoker jar;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new PrimaryEstate(emulator);
        jar = estate.invoker.fromDeployableJar();
    }

    @Test
    void artifactIsAtMostFifteenMegabytes() throws Exception {
        Path artifact = PrimaryEstate.REPO.resolve(PrimaryEstate.TEMPLATE.function(PrimaryEstate.FUNCTION).codeUri());

        assertThat(Files.size(artifact)).as("size of %s", artifact).isLessThanOrEqualTo(MAX_ARTIFACT_BYTES);
    }

    @Test
    void deployableJarCopiesAProtectedSnapshotOnceAndSkipsWhatItShould() {
        // GIVEN a policy document in SSM, a protected snapshot and an unprotected one
        estate.putPolicyDocument("""
                {"policies": {"gold": {"rpoHours": 4}}}""");
        String volume = estate.volume(Map.of("lifeboat:policy", "gold"));
        String snapshot = estate.snapshot(volume, Map.of("team", "orders"));
        String event = PrimaryEstate.event("ebs-create-snapshot-succeeded.json",
                Map.of("snap-0a1b2c3d4e5f60001", snapshot, "vol-0a1b2c3d4e5f60001", volume));
        String gone = PrimaryEstate.event("ebs-create-snapshot-succeeded.json",
                Map.of("snap-0a1b2c3d4e5f60001", "snap-0123456789abcdef0", "vol-0a1b2c3d4e5f60001", volume));

        // WHEN the jar handles the event twice (bare EventBridge events, wrapped as SQS records),
        // an event for a snapshot that no longer exists, and a record that is not JSON
        JsonNode first = success(jar.invoke(PrimaryEstate.FUNCTION, event, Map.of()));
        JsonNode second = success(jar.invoke(PrimaryEstate.FUNCTION, event, Map.of()));
        JsonNode missing = success(jar.invoke(PrimaryEstate.FUNCTION, gone, Map.of()));
        JsonNode malformed = success(jar.invoke(PrimaryEstate.FUNCTION, sqsEventWithBody("not json"), Map.of()));

        // THEN one copy exists, tagged by the gold policy; only the malformed record failed
        assertThat(first.get("batchItemFailures")).isEmpty();
        assertThat(second.get("batchItemFailures")).isEmpty();
        assertThat(missing.get("batchItemFailures")).isEmpty();
        assertThat(malformed.get("batchItemFailures")).hasSize(1);
        assertThat(estate.recoveryCopiesOf(snapshot)).singleElement()
                .satisfies(copy -> assertThat(copy.tags()).anySatisfy(tag -> {
                    assertThat(tag.key()).isEqualTo("lifeboat:policy");
                    assertThat(tag.value()).isEqualTo("gold");
                }));
    }

    @Test
    void deployableJarCopiesIntoTheRecoveryAccountThroughTheAssumedCopyRole() {
        // GIVEN a manual DB snapshot under a policy naming a recovery account, and moto's stand-in of it there
        // (moto looks for a copy's source in the caller's account: see CrossAccountCopyTest)
        RecoveryAccount recovery = new RecoveryAccount(estate.emulator);
        String recoveryKey = recovery.client(KmsClient.builder(), Emulator.RECOVERY).createKey(r -> r.description("recovery")).keyMetadata().arn();
        estate.putPolicyDocument("""
                {"policies": {"dr": {"recoveryRegion": "us-west-2", "recoveryAccount": "%s", "recoveryKmsKey": "%s"}}}"""
                .formatted(RecoveryAccount.ID, recoveryKey));
        for (RdsClient rds : List.of(estate.emulator.client(RdsClient.builder(), Emulator.PRIMARY),
                recovery.client(RdsClient.builder(), Emulator.PRIMARY))) {
            rds.createDBInstance(r -> r.dbInstanceIdentifier("orders-db").engine("postgres").dbInstanceClass("db.t3.micro")
                    .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20).storageEncrypted(true)
                    .tags(software.amazon.awssdk.services.rds.model.Tag.builder().key("lifeboat:policy").value("dr").build()));
            rds.createDBSnapshot(r -> r.dbInstanceIdentifier("orders-db").dbSnapshotIdentifier("orders-db-nightly"));
        }

        // WHEN the jar handles its event
        JsonNode result = success(jar.invoke(PrimaryEstate.FUNCTION, PrimaryEstate.eventInEmulatorAccount(
                "rds-db-snapshot-created-manual.json", Map.of("orders-db-before-upgrade", "orders-db-nightly")), Map.of()));

        // THEN the copy is in the recovery account, with its key: STS and the sharing calls survived the shrinking
        assertThat(result.get("batchItemFailures")).isEmpty();
        assertThat(recovery.client(RdsClient.builder(), Emulator.RECOVERY).describeDBSnapshots(r -> r.snapshotType("manual"))
                .dbSnapshots()).singleElement().satisfies(copy -> {
                    assertThat(copy.dbSnapshotIdentifier()).isEqualTo("lifeboat-us-east-1-orders-db-nightly");
                    assertThat(copy.kmsKeyId()).isEqualTo(recoveryKey);
                });
    }

    private static JsonNode success(InvocationResult result) {
        assertThat(result).as("invocation result").isInstanceOf(InvocationResult.Success.class);
        try {
            return Json.MAPPER.readTree(((InvocationResult.Success) result).json());
        } catch (Exception e) {
            throw new AssertionError("the result is not JSON: " + result, e);
        }
    }

    private static String sqsEventWithBody(String body) {
        return """
                {"Records": [{"messageId": "m-1", "receiptHandle": "r-1", "body": "%s", "attributes": {"ApproximateReceiveCount": "1"},
                  "messageAttributes": {}, "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:lifeboat-CopyQueue",
                  "awsRegion": "us-east-1"}]}""".formatted(body);
    }
}
