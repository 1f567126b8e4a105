package dev.lifeboat.retention;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Lifeboat copies in the emulator's recovery region, tagged as the copy function tags them, with
 * creation times set through {@code lifeboat:created-at}; and the retention function's environment.
 */
final class RecoveryEstate {

    static final String POLICY_PARAMETER = "/lifeboat/policies";
    static final String STATE_MACHINE_NAME = "lifeboat-restore";

    final Emulator emulator;
    final Ec2Client ec2;
    final RdsClient rds;
    final SfnClient sfn;
    private String volumeId;
    private String dbInstance;
    private String dbCluster;

    RecoveryEstate(Emulator emulator) {
        this.emulator = emulator;
        this.ec2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        this.rds = emulator.client(RdsClient.builder(), Emulator.RECOVERY);
        this.sfn = emulator.client(SfnClient.builder(), Emulator.RECOVERY);
    }

    /** The retention function's environment in the recovery region, pointed at the emulator. */
    Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> environment = new HashMap<>(emulator.environment(Map.of()));
        environment.put("AWS_REGION", Emulator.RECOVERY.id());
        environment.put("AWS_DEFAULT_REGION", Emulator.RECOVERY.id());
        environment.put("POLICY_PARAMETER", POLICY_PARAMETER);
        environment.put("RESTORE_STATE_MACHINE_ARN", stateMachineArn());
        environment.put("DEFAULT_POLICY", """
                {"retention": {"daily": 2, "weekly": 0, "monthly": 0, "yearly": 0}}""");
        environment.put("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat");
        environment.putAll(overrides);
        return environment;
    }

    String stateMachineArn() {
        return "arn:aws:states:" + Emulator.RECOVERY.id() + ":" + Emulator.ACCOUNT + ":stateMachine:" + STATE_MACHINE_NAME;
    }

    void putPolicyDocument(String json) {
        emulator.client(SsmClient.builder(), Emulator.RECOVERY).putParameter(r -> r.name(POLICY_PARAMETER).type(ParameterType.STRING)
                .value(json).overwrite(true));
    }

    /** Provenance tags of a copy of {@code sourceResource} taken at {@code createdAt}, under {@code policy}. */
    static Map<String, String> provenance(CopyKind kind, String sourceResource, Instant createdAt, String policy) {
        Map<String, String> tags = new HashMap<>();
        tags.put(LifeboatTags.MANAGED, "true");
        tags.put(LifeboatTags.POLICY, policy);
        tags.put(LifeboatTags.RESOURCE_TYPE, kind.tagValue());
        tags.put(LifeboatTags.SOURCE_REGION, "us-east-1");
        tags.put(LifeboatTags.SOURCE_ACCOUNT, Emulator.ACCOUNT);
        tags.put(LifeboatTags.SOURCE_RESOURCE, sourceResource);
        tags.put(LifeboatTags.SOURCE_ID, "src-" + UUID.randomUUID());
        tags.put(LifeboatTags.SOURCE_ARN, "arn:aws:ec2:us-east-1::snapshot/" + tags.get(LifeboatTags.SOURCE_ID));
        tags.put(LifeboatTags.CREATED_AT, createdAt.toString());
        return tags;
    }

    String ebsCopy(Map<String, String> tags) {
        if (volumeId == null) {
            volumeId = ec2.createVolume(r -> r.availabilityZone("us-west-2a").size(8)).volumeId();
        }
        return ec2.createSnapshot(r -> r.volumeId(volumeId).description("Lifeboat copy")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT).tags(ec2Tags(tags)).build())).snapshotId();
    }

    String rdsCopy(String identifier, Map<String, String> tags) {
        if (dbInstance == null) {
            dbInstance = "restore-host-" + UUID.randomUUID().toString().substring(0, 8);
            rds.createDBInstance(r -> r.dbInstanceIdentifier(dbInstance).engine("postgres").dbInstanceClass("db.t3.micro")
                    .allocatedStorage(20).masterUsername("admin1").masterUserPassword("password123"));
        }
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier(dbInstance).dbSnapshotIdentifier(identifier).tags(rdsTags(tags)));
        return identifier;
    }

    String auroraCopy(String identifier, Map<String, String> tags) {
        if (dbCluster == null) {
            dbCluster = "restore-cluster-" + UUID.randomUUID().toString().substring(0, 8);
            rds.createDBCluster(r -> r.dbClusterIdentifier(dbCluster).engine("aurora-postgresql").masterUsername("admin1")
                    .masterUserPassword("password123"));
        }
        rds.createDBClusterSnapshot(r -> r.dbClusterIdentifier(dbCluster).dbClusterSnapshotIdentifier(identifier).tags(rdsTags(tags)));
        return identifier;
    }

    List<String> ebsSnapshotIds() {
        return ec2.describeSnapshots(r -> r.ownerIds("self").filters(Filter.builder().name("owner-id").values(Emulator.ACCOUNT).build()))
                .snapshots().stream().map(Snapshot::snapshotId).toList();
    }

    List<String> rdsSnapshotIds() {
        return rds.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots().stream()
                .map(software.amazon.awssdk.services.rds.model.DBSnapshot::dbSnapshotIdentifier).toList();
    }

    List<String> auroraSnapshotIds() {
        return rds.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots().stream()
                .map(software.amazon.awssdk.services.rds.model.DBClusterSnapshot::dbClusterSnapshotIdentifier).toList();
    }

    /** The restore state machine, as a stand-in: moto records executions of it as RUNNING without running them. */
    void createRestoreStateMachine() {
        sfn.createStateMachine(r -> r.name(STATE_MACHINE_NAME).roleArn("arn:aws:iam::" + Emulator.ACCOUNT + ":role/lifeboat-restore")
                .definition("""
                        {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 3600, "End": true}}}"""));
    }

    void startRestore(String name, String input) {
        sfn.startExecution(r -> r.stateMachineArn(stateMachineArn()).name(name).input(input));
    }

    private static List<Tag> ec2Tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }

    private static List<software.amazon.awssdk.services.rds.model.Tag> rdsTags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(t -> software.amazon.awssdk.services.rds.model.Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }
}
