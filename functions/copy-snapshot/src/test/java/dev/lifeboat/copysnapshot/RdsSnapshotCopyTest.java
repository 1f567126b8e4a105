package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS DB snapshots and Aurora DB cluster snapshots, copied to the recovery region against moto. */
@ExtendWith(MotoExtension.class)
class RdsSnapshotCopyTest {

    private static final String MANUAL = "rds-db-snapshot-created-manual.json";
    private static final String CLUSTER_MANUAL = "rds-db-cluster-snapshot-created-manual.json";

    private PrimaryEstate estate;
    private CopySnapshotHandler handler;
    private RdsClient primary;
    private RdsClient recovery;
    private String recoveryKeyArn;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new PrimaryEstate(emulator);
        handler = new CopySnapshotHandler(estate.functionEnvironment());
        primary = emulator.client(RdsClient.builder(), Emulator.PRIMARY);
        recovery = emulator.client(RdsClient.builder(), Emulator.RECOVERY);
        recoveryKeyArn = emulator.client(KmsClient.builder(), Emulator.RECOVERY)
                .describeKey(r -> r.keyId(PrimaryEstate.RECOVERY_KEY_ALIAS)).keyMetadata().arn();
    }

    @Test
    void copiesManualDbSnapshotToRecoveryRegionEncryptedWithRecoveryKeyWithProvenanceTags() {
        // GIVEN an encrypted PostgreSQL instance tagged with the default policy, and a manual snapshot of it
        String snapshot = dbSnapshot("orders-db", "orders-db-before-upgrade", Map.of("team", "orders"));

        // WHEN its "Manual snapshot created" event arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> handle(manualEvent(snapshot)));

        // THEN one copy exists in the recovery region, encrypted with the recovery key, tagged with where it came from
        assertThat(result.value().getBatchItemFailures()).isEmpty();
        assertThat(result.output()).contains("CopiesStarted");
        DBSnapshot copy = recovery.describeDBSnapshots(r -> r.dbSnapshotIdentifier("lifeboat-us-east-1-" + snapshot)).dbSnapshots().getFirst();
        assertThat(copy.encrypted()).isTrue();
        assertThat(copy.kmsKeyId()).isEqualTo(recoveryKeyArn);
        assertThat(tags(recovery, copy.dbSnapshotArn()))
                .containsEntry("lifeboat:managed", "true")
                .containsEntry("lifeboat:policy", "default")
                .containsEntry("lifeboat:resource-type", "rds-snapshot")
                .containsEntry("lifeboat:source-id", snapshot)
                .containsEntry("lifeboat:source-arn", "arn:aws:rds:us-east-1:" + Emulator.ACCOUNT + ":snapshot:" + snapshot)
                .containsEntry("lifeboat:source-region", "us-east-1")
                .containsEntry("lifeboat:source-account", Emulator.ACCOUNT)
                .containsEntry("lifeboat:source-resource", "orders-db")
                .containsEntry("team", "orders")
                .containsKey("lifeboat:created-at");
    }

    @Test
    void duplicateDbSnapshotEventMakesNoSecondCopy() {
        // GIVEN a protected snapshot whose event is delivered twice
        String snapshot = dbSnapshot("orders-db", "orders-db-nightly", Map.of());

        // WHEN both deliveries are handled
        SQSBatchResponse first = handle(manualEvent(snapshot));
        CapturedStdout.Result<SQSBatchResponse> second = CapturedStdout.capture(() -> handle(manualEvent(snapshot)));

        // THEN there is one copy, and the second delivery says so
        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.value().getBatchItemFailures()).isEmpty();
        assertThat(recoveryCopiesOf(snapshot)).hasSize(1);
        assertThat(second.output()).contains("is already copied to us-west-2");
    }

    @Test
    void copyAlreadyInTheRecoveryRegionUnderOurIdentifierCountsAsDoneNotAsFailure() {
        // GIVEN a copy made before the ledger heard of it (DBSnapshotAlreadyExists on Lifeboat's own identifier)
        String snapshot = dbSnapshot("orders-db", "orders-db-adopted", Map.of());
        handle(manualEvent(snapshot));
        estate.emulator.client(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), Emulator.PRIMARY)
                .deleteItem(r -> r.tableName(estate.functionEnvironment().get("LEDGER_TABLE")).key(Map.of("pk",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                "copy/rds-snapshot/us-east-1/" + snapshot + "/us-west-2"))));

        // WHEN the event is delivered again
        CapturedStdout.Result<SQSBatchResponse> again = CapturedStdout.capture(() -> handle(manualEvent(snapshot)));

        // THEN it is recognised as the same copy
        assertThat(again.value().getBatchItemFailures()).isEmpty();
        assertThat(again.output()).contains("already copied to us-west-2 as lifeboat-us-east-1-" + snapshot);
        assertThat(recoveryCopiesOf(snapshot)).hasSize(1);
    }

    @Test
    void databaseRestoredFromTheCopyInTheRecoveryRegionBecomesAvailable() {
        // GIVEN a copied snapshot
        String snapshot = dbSnapshot("orders-db", "orders-db-for-restore", Map.of());
        assertThat(handle(manualEvent(snapshot)).getBatchItemFailures()).isEmpty();

        // WHEN a DB instance is restored from the copy in the recovery region
        var restored = recovery.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier("orders-db-restored")
                .dbSnapshotIdentifier("lifeboat-us-east-1-" + snapshot)).dbInstance();

        // THEN it is the same engine, and available
        assertThat(restored.engine()).isEqualTo("postgres");
        assertThat(recovery.describeDBInstances(r -> r.dbInstanceIdentifier("orders-db-restored")).dbInstances().getFirst()
                .dbInstanceStatus()).isEqualTo("available");
    }

    @Test
    void unprotectedDbSnapshotIsNotCopied() {
        // GIVEN an instance without a policy tag
        primary.createDBInstance(r -> r.dbInstanceIdentifier("scratch-db").engine("postgres").dbInstanceClass("db.t3.micro")
                .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20).storageEncrypted(true));
        primary.createDBSnapshot(r -> r.dbInstanceIdentifier("scratch-db").dbSnapshotIdentifier("scratch-1"));

        // WHEN its event arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> handle(manualEvent("scratch-1")));

        // THEN nothing is copied, and the log says why
        assertThat(result.value().getBatchItemFailures()).isEmpty();
        assertThat(recoveryCopiesOf("scratch-1")).isEmpty();
        assertThat(result.output()).contains("has a lifeboat:policy tag");
    }

    @Test
    void copiesAuroraClusterSnapshotToRecoveryRegionEncryptedWithRecoveryKeyWithProvenanceTags() {
        // GIVEN an encrypted Aurora PostgreSQL cluster tagged with the default policy, and a manual cluster snapshot
        String snapshot = clusterSnapshot("inventory-aurora", "inventory-aurora-before-upgrade");

        // WHEN its "Manual cluster snapshot created" event arrives
        SQSBatchResponse response = handle(clusterEvent(snapshot));

        // THEN the copy is in the recovery region, encrypted with the recovery key, with provenance tags
        assertThat(response.getBatchItemFailures()).isEmpty();
        DBClusterSnapshot copy = recovery.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier("lifeboat-us-east-1-" + snapshot))
                .dbClusterSnapshots().getFirst();
        assertThat(copy.storageEncrypted()).isTrue();
        assertThat(copy.kmsKeyId()).isEqualTo(recoveryKeyArn);
        assertThat(tags(recovery, copy.dbClusterSnapshotArn()))
                .containsEntry("lifeboat:managed", "true")
                .containsEntry("lifeboat:resource-type", "aurora-cluster-snapshot")
                .containsEntry("lifeboat:source-id", snapshot)
                .containsEntry("lifeboat:source-arn", "arn:aws:rds:us-east-1:" + Emulator.ACCOUNT + ":cluster-snapshot:" + snapshot)
                .containsEntry("lifeboat:source-resource", "inventory-aurora");
    }

    @Test
    void duplicateClusterSnapshotEventMakesNoSecondCopyAndTheClusterRestoresFromTheCopy() {
        // GIVEN a protected cluster snapshot whose event arrives twice
        String snapshot = clusterSnapshot("inventory-aurora", "inventory-aurora-nightly");
        SQSBatchResponse first = handle(clusterEvent(snapshot));
        SQSBatchResponse second = handle(clusterEvent(snapshot));

        // WHEN a cluster is restored from the copy in the recovery region
        var restored = recovery.restoreDBClusterFromSnapshot(r -> r.dbClusterIdentifier("inventory-restored")
                .snapshotIdentifier("lifeboat-us-east-1-" + snapshot).engine("aurora-postgresql")).dbCluster();

        // THEN there was one copy, and the restore started from it
        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(recovery.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots())
                .filteredOn(s -> s.dbClusterSnapshotIdentifier().equals("lifeboat-us-east-1-" + snapshot)).hasSize(1);
        assertThat(restored.dbClusterIdentifier()).isEqualTo("inventory-restored");
    }

    @Test
    void targetIdentifierIsValidForRdsAndStableForLongAutomatedIdentifiers() {
        String automated = RdsSnapshotCopyService.targetIdentifier(Region.US_EAST_1, "rds:orders-db-2025-03-10-02-05");
        String longOne = RdsSnapshotCopyService.targetIdentifier(Region.US_EAST_1, "rds:" + "a-very-long-database-name".repeat(4) + "-2025-03-10-02-05");

        assertThat(automated).isEqualTo("lifeboat-us-east-1-rds-orders-db-2025-03-10-02-05");
        assertThat(longOne).hasSizeLessThanOrEqualTo(63).matches("[a-z][a-z0-9-]*[a-z0-9]").doesNotContain("--")
                .isEqualTo(RdsSnapshotCopyService.targetIdentifier(Region.US_EAST_1, "rds:" + "a-very-long-database-name".repeat(4) + "-2025-03-10-02-05"));
    }

    private String dbSnapshot(String instance, String snapshot, Map<String, String> snapshotTags) {
        if (primary.describeDBInstances().dbInstances().stream().noneMatch(db -> db.dbInstanceIdentifier().equals(instance))) {
            primary.createDBInstance(r -> r.dbInstanceIdentifier(instance).engine("postgres").dbInstanceClass("db.t3.micro")
                    .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20).storageEncrypted(true)
                    .tags(Tag.builder().key("lifeboat:policy").value("default").build()));
        }
        primary.createDBSnapshot(r -> r.dbInstanceIdentifier(instance).dbSnapshotIdentifier(snapshot)
                .tags(snapshotTags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()));
        return snapshot;
    }

    private String clusterSnapshot(String cluster, String snapshot) {
        if (primary.describeDBClusters().dbClusters().stream().noneMatch(c -> c.dbClusterIdentifier().equals(cluster))) {
            primary.createDBCluster(r -> r.dbClusterIdentifier(cluster).engine("aurora-postgresql").masterUsername("lifeboat")
                    .masterUserPassword("not-a-secret-1").storageEncrypted(true)
                    .tags(Tag.builder().key("lifeboat:policy").value("default").build()));
        }
        primary.createDBClusterSnapshot(r -> r.dbClusterIdentifier(cluster).dbClusterSnapshotIdentifier(snapshot));
        return snapshot;
    }

    private java.util.List<DBSnapshot> recoveryCopiesOf(String snapshot) {
        return recovery.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots().stream()
                .filter(s -> tags(recovery, s.dbSnapshotArn()).getOrDefault("lifeboat:source-id", "").equals(snapshot)).toList();
    }

    private static String manualEvent(String snapshot) {
        return PrimaryEstate.eventInEmulatorAccount(MANUAL, Map.of("orders-db-before-upgrade", snapshot));
    }

    private static String clusterEvent(String snapshot) {
        return PrimaryEstate.eventInEmulatorAccount(CLUSTER_MANUAL, Map.of("inventory-aurora-before-upgrade", snapshot));
    }

    private SQSBatchResponse handle(String event) {
        return handler.handleRequest(PrimaryEstate.sqsEvent(event), LambdaTestContext.forFunction("lifeboat-copy-snapshot"));
    }

    private static Map<String, String> tags(RdsClient rds, String arn) {
        return rds.listTagsForResource(r -> r.resourceName(arn)).tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
