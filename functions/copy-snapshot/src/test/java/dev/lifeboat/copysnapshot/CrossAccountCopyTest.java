package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.ledger.DynamoDbLedger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Copies into a recovery account, against moto with two accounts: the source account shares the
 * snapshot, and the recovery account's copy role (assumed with STS) copies it into the recovery
 * Region with that account's key.
 *
 * <p>Moto looks up the source of a copy in the caller's own account, not in the account that
 * shared it (see {@link #motoLooksForTheSourceOfACrossAccountCopyInTheCallersOwnAccount}), so each
 * test also puts a stand-in of the source, under the same id, in the recovery account's source
 * Region; EBS ids are made to match by seeding moto's random ids. What is asserted (the share in
 * the source account, the copy, its key and tags in the recovery account) is what AWS does.
 */
@ExtendWith(MotoExtension.class)
class CrossAccountCopyTest {

    private static final int SEED = 4242;

    private PrimaryEstate estate;
    private CopySnapshotHandler handler;
    private RecoveryAccount recovery;
    private String recoveryKeyArn;
    private String sourceKeyArn;
    private RdsClient primaryRds;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new PrimaryEstate(emulator);
        handler = new CopySnapshotHandler(estate.functionEnvironment());
        recovery = new RecoveryAccount(emulator);
        recoveryKeyArn = recovery.client(KmsClient.builder(), Emulator.RECOVERY).createKey(r -> r.description("recovery key")).keyMetadata().arn();
        sourceKeyArn = emulator.client(KmsClient.builder(), Emulator.PRIMARY).createKey(r -> r.description("shareable source key"))
                .keyMetadata().arn();
        primaryRds = emulator.client(RdsClient.builder(), Emulator.PRIMARY);
        estate.putPolicyDocument("""
                {"policies": {"dr": {"rpoHours": 24, "recoveryRegion": "us-west-2", "recoveryAccount": "%s", "recoveryKmsKey": "%s"}}}"""
                .formatted(RecoveryAccount.ID, recoveryKeyArn));
    }

    @Test
    void copiesEbsSnapshotIntoTheRecoveryAccountEncryptedWithItsKeyAndTagged() {
        // GIVEN a snapshot, encrypted with a shareable customer managed key, of a volume under a cross-account policy
        String snapshot = ebsSnapshotWithStandInInRecoveryAccount();

        // WHEN its event arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> handle(ebsEvent(snapshot)));

        // THEN the source account shared it with the recovery account, and the copy is in the recovery account's recovery Region
        assertThat(result.value().getBatchItemFailures()).isEmpty();
        assertThat(result.output()).contains("CopiesStarted");
        assertThat(estate.primaryEc2.describeSnapshotAttribute(r -> r.snapshotId(snapshot)
                .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)).createVolumePermissions())
                .extracting(CreateVolumePermission::userId).containsExactly(RecoveryAccount.ID);
        List<Snapshot> copies = recoveryAccountCopiesOf(snapshot);
        assertThat(copies).hasSize(1);
        Snapshot copy = copies.getFirst();
        assertThat(copy.ownerId()).isEqualTo(RecoveryAccount.ID);
        assertThat(copy.encrypted()).isTrue();
        assertThat(copy.kmsKeyId()).isEqualTo(recoveryKeyArn);
        assertThat(copy.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())))
                .containsEntry("lifeboat:managed", "true")
                .containsEntry("lifeboat:policy", "dr")
                .containsEntry("lifeboat:source-account", Emulator.ACCOUNT)
                .containsEntry("lifeboat:source-region", "us-east-1")
                .containsEntry("lifeboat:source-id", snapshot)
                .containsEntry("team", "orders");
        assertThat(ledger().slots(CopySlots.pool(ResourceTypes.EBS_SNAPSHOT, RecoveryAccount.ID + "/us-west-2")).values())
                .singleElement().satisfies(slot -> assertThat(slot.details())
                        .containsEntry(CopySlots.COPY_ACCOUNT, RecoveryAccount.ID)
                        .containsEntry(CopySlots.COPY_ID, copy.snapshotId())
                        .containsEntry(CopySlots.COPY_REGION, "us-west-2"));
    }

    @Test
    void duplicateEbsEventMakesNoSecondCopyInTheRecoveryAccount() {
        // GIVEN a protected snapshot whose event is delivered twice
        String snapshot = ebsSnapshotWithStandInInRecoveryAccount();

        // WHEN both deliveries are handled
        SQSBatchResponse first = handle(ebsEvent(snapshot));
        CapturedStdout.Result<SQSBatchResponse> second = CapturedStdout.capture(() -> handle(ebsEvent(snapshot)));

        // THEN there is one copy, and the second delivery says it is already there
        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.value().getBatchItemFailures()).isEmpty();
        assertThat(recoveryAccountCopiesOf(snapshot)).hasSize(1);
        assertThat(second.output()).contains("is already copied to " + RecoveryAccount.ID + "/us-west-2");
    }

    @Test
    void copiesRdsSnapshotIntoTheRecoveryAccountEncryptedWithItsKeyAndTagged() {
        // GIVEN a manual snapshot of an instance under a cross-account policy, encrypted with a shareable key
        String snapshot = dbSnapshot("orders-db", "orders-db-before-upgrade");
        standInDbSnapshot("orders-db", snapshot);

        // WHEN its event is delivered twice
        SQSBatchResponse first = handle(rdsEvent(snapshot));
        SQSBatchResponse second = handle(rdsEvent(snapshot));

        // THEN it is shared with the recovery account, and there is one copy there, under Lifeboat's id, with its key and tags
        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(primaryRds.describeDBSnapshotAttributes(r -> r.dbSnapshotIdentifier(snapshot)).dbSnapshotAttributesResult()
                .dbSnapshotAttributes()).anySatisfy(a -> {
                    assertThat(a.attributeName()).isEqualTo("restore");
                    assertThat(a.attributeValues()).containsExactly(RecoveryAccount.ID);
                });
        RdsClient recoveryRds = recovery.client(RdsClient.builder(), Emulator.RECOVERY);
        List<DBSnapshot> copies = recoveryRds.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots();
        assertThat(copies).extracting(DBSnapshot::dbSnapshotIdentifier).containsExactly("lifeboat-us-east-1-" + snapshot);
        DBSnapshot copy = copies.getFirst();
        assertThat(copy.dbSnapshotArn()).contains(":" + RecoveryAccount.ID + ":");
        assertThat(copy.encrypted()).isTrue();
        assertThat(copy.kmsKeyId()).isEqualTo(recoveryKeyArn);
        assertThat(tags(recoveryRds, copy.dbSnapshotArn()))
                .containsEntry("lifeboat:managed", "true")
                .containsEntry("lifeboat:source-account", Emulator.ACCOUNT)
                .containsEntry("lifeboat:source-arn", "arn:aws:rds:us-east-1:" + Emulator.ACCOUNT + ":snapshot:" + snapshot)
                .containsEntry("lifeboat:source-resource", "orders-db");
    }

    @Test
    void copiesAuroraClusterSnapshotIntoTheRecoveryAccountEncryptedWithItsKeyAndTagged() {
        // GIVEN a manual cluster snapshot of an Aurora cluster under a cross-account policy
        String snapshot = clusterSnapshot("inventory-aurora", "inventory-aurora-before-upgrade");

        // WHEN its event is delivered twice
        SQSBatchResponse first = handle(clusterEvent(snapshot));
        SQSBatchResponse second = handle(clusterEvent(snapshot));

        // THEN it is shared, and one copy is in the recovery account with its key and tags
        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(primaryRds.describeDBClusterSnapshotAttributes(r -> r.dbClusterSnapshotIdentifier(snapshot))
                .dbClusterSnapshotAttributesResult().dbClusterSnapshotAttributes())
                .anySatisfy(a -> assertThat(a.attributeValues()).containsExactly(RecoveryAccount.ID));
        RdsClient recoveryRds = recovery.client(RdsClient.builder(), Emulator.RECOVERY);
        List<DBClusterSnapshot> copies = recoveryRds.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots();
        assertThat(copies).extracting(DBClusterSnapshot::dbClusterSnapshotIdentifier).containsExactly("lifeboat-us-east-1-" + snapshot);
        assertThat(copies.getFirst().storageEncrypted()).isTrue();
        assertThat(copies.getFirst().kmsKeyId()).isEqualTo(recoveryKeyArn);
        assertThat(tags(recoveryRds, copies.getFirst().dbClusterSnapshotArn()))
                .containsEntry("lifeboat:resource-type", "aurora-cluster-snapshot")
                .containsEntry("lifeboat:source-account", Emulator.ACCOUNT)
                .containsEntry("lifeboat:source-resource", "inventory-aurora");
    }

    @Test
    void automatedRdsSnapshotIsSharedThroughAManualCopyMadeFirstInTheSourceAccount() {
        // GIVEN an automated snapshot (AWS shares none) of an instance under a cross-account policy
        dbInstance("billing-db");
        String automated = primaryRds.describeDBSnapshots(r -> r.dbInstanceIdentifier("billing-db").snapshotType("automated"))
                .dbSnapshots().getFirst().dbSnapshotIdentifier();
        String standIn = RdsSnapshotCopyService.standInIdentifier(Emulator.PRIMARY, automated);

        // WHEN its event arrives
        CapturedStdout.Result<SQSBatchResponse> first = CapturedStdout.capture(() -> handle(automatedEvent(automated)));

        // THEN a manual copy of it is made in the source account, tagged as Lifeboat's, and the request waits for it
        assertThat(first.value().getBatchItemFailures()).isEmpty();
        assertThat(first.output()).contains("CopiesDeferred").contains(standIn);
        assertThat(tags(primaryRds, primaryRds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(standIn)).dbSnapshots().getFirst()
                .dbSnapshotArn())).containsEntry("lifeboat:managed", "true").containsEntry("lifeboat:shared-with", RecoveryAccount.ID);

        // WHEN the request comes back and the manual copy is available
        standInDbSnapshot("billing-db", standIn);
        SQSBatchResponse second = handle(automatedEvent(automated));

        // THEN the manual copy is shared, and the recovery account's copy names the automated snapshot as its source
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(primaryRds.describeDBSnapshotAttributes(r -> r.dbSnapshotIdentifier(standIn)).dbSnapshotAttributesResult()
                .dbSnapshotAttributes()).anySatisfy(a -> assertThat(a.attributeValues()).containsExactly(RecoveryAccount.ID));
        RdsClient recoveryRds = recovery.client(RdsClient.builder(), Emulator.RECOVERY);
        DBSnapshot copy = recoveryRds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(
                RdsSnapshotCopyService.targetIdentifier(Emulator.PRIMARY, automated))).dbSnapshots().getFirst();
        assertThat(copy.kmsKeyId()).isEqualTo(recoveryKeyArn);
        assertThat(tags(recoveryRds, copy.dbSnapshotArn())).containsEntry("lifeboat:source-id", automated);
    }

    @Test
    void theRecoveryAccountsCopyRoleIsAssumedOnceAndReusedForEveryCopy() {
        // GIVEN the function's recovery accounts
        RecoveryAccounts accounts = RecoveryAccounts.fromEnvironment(estate.functionEnvironment(),
                new dev.lifeboat.shared.aws.AwsClientFactory(estate.functionEnvironment()));

        // WHEN the same account is asked for twice
        RecoveryAccounts.Snapshots first = accounts.in(RecoveryAccount.ID);
        RecoveryAccounts.Snapshots second = accounts.in(RecoveryAccount.ID);

        // THEN it is one session of the role the recovery stack creates
        assertThat(second).isSameAs(first);
        assertThat(first.roleArn()).isEqualTo(RecoveryAccount.ROLE_ARN);
    }

    @Test
    void motoLooksForTheSourceOfACrossAccountCopyInTheCallersOwnAccount() {
        // GIVEN an EBS snapshot and an RDS snapshot shared with the recovery account, and no stand-in of them there
        String volume = estate.primaryEc2.createVolume(r -> r.availabilityZone("us-east-1a").size(8)).volumeId();
        String snapshot = estate.primaryEc2.createSnapshot(r -> r.volumeId(volume)).snapshotId();
        estate.primaryEc2.modifySnapshotAttribute(r -> r.snapshotId(snapshot).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                .operationType("add").userIds(RecoveryAccount.ID));
        String dbSnapshot = dbSnapshot("shared-db", "shared-db-manual");
        primaryRds.modifyDBSnapshotAttribute(r -> r.dbSnapshotIdentifier(dbSnapshot).attributeName("restore").valuesToAdd(RecoveryAccount.ID));
        Ec2Client recoveryEc2 = recovery.client(Ec2Client.builder(), Emulator.RECOVERY);
        RdsClient recoveryRds = recovery.client(RdsClient.builder(), Emulator.RECOVERY);

        // WHEN the recovery account copies them, THEN moto does not find them (AWS does): the tests above put a stand-in
        // under the same id in the recovery account
        assertThatThrownBy(() -> recoveryEc2.copySnapshot(r -> r.sourceRegion("us-east-1").sourceSnapshotId(snapshot)
                .presignedUrl("https://emulator.invalid/")))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSnapshot.NotFound"));
        assertThatThrownBy(() -> recoveryRds.copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(
                        "arn:aws:rds:us-east-1:" + Emulator.ACCOUNT + ":snapshot:" + dbSnapshot).targetDBSnapshotIdentifier("copy-1")
                        .kmsKeyId(recoveryKeyArn).preSignedUrl("https://emulator.invalid/")))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DBSnapshotNotFound"));
    }

    @Test
    void motoMakesTheSameIdsAgainAfterTheSameSeedInAnotherAccount() {
        // GIVEN the same seed before the same calls in two accounts
        RecoveryAccount.seed(estate.emulator, SEED);
        String here = estate.primaryEc2.createVolume(r -> r.availabilityZone("us-east-1a").size(8)).volumeId();
        RecoveryAccount.seed(estate.emulator, SEED);
        String there = recovery.client(Ec2Client.builder(), Emulator.PRIMARY).createVolume(r -> r.availabilityZone("us-east-1a").size(8))
                .volumeId();

        // THEN the ids are equal: what lets an EBS stand-in carry the source's id
        assertThat(there).isEqualTo(here);
    }

    @Test
    void motoSignsAnAssumedRolesCallsAsTheRolesAccountWithoutTheRoleExisting() {
        assertThat(recovery.client(software.amazon.awssdk.services.sts.StsClient.builder(), Emulator.PRIMARY).getCallerIdentity().account())
                .isEqualTo(RecoveryAccount.ID);
    }

    @Test
    void motoReportsTheAwsManagedEbsKeyAsCustomerManaged() {
        // AWS answers KeyManager AWS for alias/aws/ebs; moto answers CUSTOMER, so the refusal test stubs KMS with WireMock
        assertThat(estate.emulator.client(KmsClient.builder(), Emulator.PRIMARY).describeKey(r -> r.keyId("alias/aws/ebs"))
                .keyMetadata().keyManagerAsString()).isEqualTo("CUSTOMER");
    }

    @Test
    void motoNamesNoKeyOnASnapshotOfAVolumeEncryptedWithOne() {
        // AWS gives the snapshot its volume's KmsKeyId; moto gives none, so the key check is exercised with a copy made with a key
        String volume = estate.primaryEc2.createVolume(r -> r.availabilityZone("us-east-1a").size(8).encrypted(true).kmsKeyId(sourceKeyArn))
                .volumeId();
        String snapshot = estate.primaryEc2.createSnapshot(r -> r.volumeId(volume)).snapshotId();

        assertThat(estate.primaryEc2.describeSnapshots(r -> r.snapshotIds(snapshot)).snapshots().getFirst().kmsKeyId()).isNull();
    }

    /**
     * A tagged snapshot in the source account, encrypted with a shareable customer managed key, and
     * its stand-in under the same id in the recovery account: the same calls after the same seed.
     */
    private String ebsSnapshotWithStandInInRecoveryAccount() {
        RecoveryAccount.seed(estate.emulator, SEED);
        String snapshot = taggedEncryptedSnapshot(estate.primaryEc2);
        RecoveryAccount.seed(estate.emulator, SEED);
        String standIn = taggedEncryptedSnapshot(recovery.client(Ec2Client.builder(), Emulator.PRIMARY));
        assertThat(standIn).as("stand-in id").isEqualTo(snapshot);
        return snapshot;
    }

    private String taggedEncryptedSnapshot(Ec2Client ec2) {
        String volume = ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(8).encrypted(true).kmsKeyId(sourceKeyArn)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME)
                        .tags(software.amazon.awssdk.services.ec2.model.Tag.builder().key("lifeboat:policy").value("dr").build()).build()))
                .volumeId();
        return ec2.createSnapshot(r -> r.volumeId(volume).tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.SNAPSHOT).tags(software.amazon.awssdk.services.ec2.model.Tag.builder().key("team").value("orders")
                        .build()).build())).snapshotId();
    }

    private List<Snapshot> recoveryAccountCopiesOf(String snapshot) {
        return recovery.client(Ec2Client.builder(), Emulator.RECOVERY).describeSnapshots(r -> r.ownerIds("self")
                .filters(Filter.builder().name("tag:lifeboat:source-id").values(snapshot).build())).snapshots();
    }

    private void dbInstance(String instance) {
        primaryRds.createDBInstance(r -> r.dbInstanceIdentifier(instance).engine("postgres").dbInstanceClass("db.t3.micro")
                .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20).storageEncrypted(true)
                .kmsKeyId(sourceKeyArn).backupRetentionPeriod(7)
                .tags(Tag.builder().key("lifeboat:policy").value("dr").build()));
    }

    private String dbSnapshot(String instance, String snapshot) {
        dbInstance(instance);
        primaryRds.createDBSnapshot(r -> r.dbInstanceIdentifier(instance).dbSnapshotIdentifier(snapshot));
        return snapshot;
    }

    /** The same snapshot id in the recovery account's copy of the source Region (moto's lookup, see the quirk test). */
    private void standInDbSnapshot(String instance, String snapshot) {
        RdsClient standIn = recovery.client(RdsClient.builder(), Emulator.PRIMARY);
        if (standIn.describeDBInstances().dbInstances().stream().noneMatch(db -> db.dbInstanceIdentifier().equals(instance))) {
            standIn.createDBInstance(r -> r.dbInstanceIdentifier(instance).engine("postgres").dbInstanceClass("db.t3.micro")
                    .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20).storageEncrypted(true));
        }
        standIn.createDBSnapshot(r -> r.dbInstanceIdentifier(instance).dbSnapshotIdentifier(snapshot));
    }

    private String clusterSnapshot(String cluster, String snapshot) {
        primaryRds.createDBCluster(r -> r.dbClusterIdentifier(cluster).engine("aurora-postgresql").masterUsername("lifeboat")
                .masterUserPassword("not-a-secret-1").storageEncrypted(true).kmsKeyId(sourceKeyArn)
                .tags(Tag.builder().key("lifeboat:policy").value("dr").build()));
        primaryRds.createDBClusterSnapshot(r -> r.dbClusterIdentifier(cluster).dbClusterSnapshotIdentifier(snapshot));
        RdsClient standIn = recovery.client(RdsClient.builder(), Emulator.PRIMARY);
        standIn.createDBCluster(r -> r.dbClusterIdentifier(cluster).engine("aurora-postgresql").masterUsername("lifeboat")
                .masterUserPassword("not-a-secret-1").storageEncrypted(true));
        standIn.createDBClusterSnapshot(r -> r.dbClusterIdentifier(cluster).dbClusterSnapshotIdentifier(snapshot));
        return snapshot;
    }

    private DynamoDbLedger ledger() {
        return new DynamoDbLedger(estate.emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY),
                estate.functionEnvironment().get("LEDGER_TABLE"), Clock.systemUTC());
    }

    private static String ebsEvent(String snapshot) {
        return PrimaryEstate.eventInEmulatorAccount("ebs-create-snapshot-succeeded.json", Map.of("snap-0a1b2c3d4e5f60001", snapshot));
    }

    private static String rdsEvent(String snapshot) {
        return PrimaryEstate.eventInEmulatorAccount("rds-db-snapshot-created-manual.json", Map.of("orders-db-before-upgrade", snapshot));
    }

    private static String automatedEvent(String snapshot) {
        return PrimaryEstate.eventInEmulatorAccount("rds-db-snapshot-created-automated.json",
                Map.of("rds:orders-db-2025-03-10-02-05", snapshot));
    }

    private static String clusterEvent(String snapshot) {
        return PrimaryEstate.eventInEmulatorAccount("rds-db-cluster-snapshot-created-manual.json",
                Map.of("inventory-aurora-before-upgrade", snapshot));
    }

    private SQSBatchResponse handle(String event) {
        return handler.handleRequest(PrimaryEstate.sqsEvent(event), LambdaTestContext.forFunction("lifeboat-copy-snapshot"));
    }

    private static Map<String, String> tags(RdsClient rds, String arn) {
        return rds.listTagsForResource(r -> r.resourceName(arn)).tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
