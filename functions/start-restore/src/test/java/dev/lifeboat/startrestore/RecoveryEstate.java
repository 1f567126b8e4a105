package dev.lifeboat.startrestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.restore.RestoreWorkflow;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The recovery region as a restore finds it, in the emulator behind the front door: both stacks'
 * resources from template.yaml, Lifeboat copies to restore from (made by the copy function, or
 * created with Lifeboat's provenance tags where the copy path for that type is elsewhere), a queue
 * subscribed to the recovery alert topic to read the workflow's notifications, and the workflow.
 */
final class RecoveryEstate {

    static final Path REPO = RepoRoot.find();
    static final Template TEMPLATE = Template.loadFrom(REPO);
    static final String PRIMARY = Emulator.PRIMARY.id();
    static final String RECOVERY = Emulator.RECOVERY.id();
    /** Template parameters for tests: the workflow checks every second. */
    static final Map<String, String> FAST = Map.of("RestorePollSeconds", "1");

    final Emulator emulator;
    final FunctionInvoker invoker;
    final Ec2Client primaryEc2;
    final Ec2Client ec2;
    final RdsClient rds;
    final SqsClient sqs;
    final RestoreWorkflow workflow;
    private final String alertQueueUrl;

    RecoveryEstate(Emulator emulator) {
        this.emulator = emulator;
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        this.invoker = new FunctionInvoker(TEMPLATE, Map.of(), emulator.environment(Map.of()));
        this.primaryEc2 = emulator.client(Ec2Client.builder(), Emulator.PRIMARY);
        this.ec2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        this.rds = emulator.client(RdsClient.builder(), Emulator.RECOVERY);
        this.sqs = emulator.client(SqsClient.builder(), Emulator.RECOVERY);
        this.workflow = new RestoreWorkflow(TEMPLATE, Map.of(), emulator.environment(Map.of()),
                emulator.client(SfnClient.builder(), Emulator.RECOVERY), Duration.ofSeconds(90));
        this.alertQueueUrl = subscribeToAlerts();
        recoveryDbSubnetGroup();
    }

    /** The recovery VPC's DB subnet group the README's database requests name, as an operator prepares it. */
    private void recoveryDbSubnetGroup() {
        List<String> subnets = ec2.describeSubnets(r -> r.filters(Filter.builder().name("default-for-az").values("true").build()))
                .subnets().stream().map(software.amazon.awssdk.services.ec2.model.Subnet::subnetId).toList();
        rds.createDBSubnetGroup(r -> r.dbSubnetGroupName("recovery-db-subnets").dbSubnetGroupDescription("Lifeboat restores")
                .subnetIds(subnets));
    }

    /** The recovery stack's alert topic. */
    String alertTopicArn() {
        return String.valueOf(new LocalNames(TEMPLATE, StackRole.RECOVERY, Map.of(), emulator.environment(Map.of())).ref("AlertTopic"));
    }

    private String subscribeToAlerts() {
        String url = sqs.createQueue(r -> r.queueName("restore-notifications")).queueUrl();
        String arn = "arn:aws:sqs:" + RECOVERY + ":" + Emulator.ACCOUNT + ":restore-notifications";
        emulator.client(SnsClient.builder(), Emulator.RECOVERY).subscribe(r -> r.topicArn(alertTopicArn()).protocol("sqs").endpoint(arn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        return url;
    }

    /** Every notification the workflow published so far. */
    List<String> notifications() {
        List<String> messages = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(alertQueueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            batch.forEach(message -> messages.add(message.body()));
        } while (!batch.isEmpty());
        return messages;
    }

    /**
     * A protected volume in the primary region, its snapshot, and the snapshot's copy in the recovery
     * region, made by the copy function from the sample createSnapshot event: answers the volume id.
     */
    String volumeCopiedByTheCopyFunction() {
        String volume = primaryEc2.createVolume(r -> r.availabilityZone(PRIMARY + "a").size(8).encrypted(true)
                .tagSpecifications(tags(ResourceType.VOLUME, Map.of("lifeboat:policy", "default", "Name", "orders-data")))).volumeId();
        String snapshot = primaryEc2.createSnapshot(r -> r.volumeId(volume).description("nightly")).snapshotId();
        String event = file("events/ebs-create-snapshot-succeeded.json")
                .replace("snap-0a1b2c3d4e5f60001", snapshot).replace("vol-0a1b2c3d4e5f60001", volume);
        // the copy function in progress (another issue) reads its queue's URL, which template.yaml does not give it yet
        String copyQueue = String.valueOf(new LocalNames(TEMPLATE, StackRole.PRIMARY, Map.of(), emulator.environment(Map.of())).ref("CopyQueue"));
        InvocationResult result = invoker.invoke("CopySnapshotFunction", event, Map.of("COPY_QUEUE_URL", copyQueue));
        assertThat(result).as("the copy function's result").isInstanceOf(InvocationResult.Success.class);
        assertThat(copiesOf(volume)).as("copies of %s in %s", volume, RECOVERY).hasSize(1);
        return volume;
    }

    List<Snapshot> copiesOf(String volume) {
        return ec2.describeSnapshots(r -> r.ownerIds("self").filters(
                Filter.builder().name("tag:lifeboat:source-resource").values(volume).build())).snapshots();
    }

    /** A Lifeboat EBS copy in the recovery region, tagged as the copy function tags one. */
    String ebsCopy(String sourceVolume, String createdAt) {
        String volume = ec2.createVolume(r -> r.availabilityZone(RECOVERY + "a").size(8)).volumeId();
        String snapshot = ec2.createSnapshot(r -> r.volumeId(volume).tagSpecifications(tags(ResourceType.SNAPSHOT,
                provenance("ebs-snapshot", sourceVolume, "snap-0a1b2c3d4e5f6000f", createdAt)))).snapshotId();
        ec2.deleteVolume(r -> r.volumeId(volume));
        return snapshot;
    }

    /** A Lifeboat DB snapshot copy of {@code sourceInstance} in the recovery region, tagged as the copy path tags one. */
    String rdsCopy(String sourceInstance, String snapshotId, String createdAt) {
        String scratch = "scratch-" + snapshotId;
        rds.createDBInstance(r -> r.dbInstanceIdentifier(scratch).engine("postgres").dbInstanceClass("db.t4g.medium")
                .allocatedStorage(20).masterUsername("lifeboat").masterUserPassword("not-a-secret-1"));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier(scratch).dbSnapshotIdentifier(snapshotId)
                .tags(rdsTags(provenance("rds-snapshot", sourceInstance, "rds:" + sourceInstance + "-2025-03-10-03-00", createdAt))));
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier(scratch).skipFinalSnapshot(true));
        return snapshotId;
    }

    /** A Lifeboat DB cluster snapshot copy of {@code sourceCluster} in the recovery region. */
    String auroraCopy(String sourceCluster, String snapshotId, String createdAt) {
        String scratch = "scratch-" + snapshotId;
        rds.createDBCluster(r -> r.dbClusterIdentifier(scratch).engine("aurora-postgresql").masterUsername("lifeboat")
                .masterUserPassword("not-a-secret-1"));
        rds.createDBClusterSnapshot(r -> r.dbClusterIdentifier(scratch).dbClusterSnapshotIdentifier(snapshotId)
                .tags(rdsTags(provenance("aurora-cluster-snapshot", sourceCluster, "rds:" + sourceCluster + "-2025-03-10", createdAt))));
        rds.deleteDBCluster(r -> r.dbClusterIdentifier(scratch).skipFinalSnapshot(true));
        return snapshotId;
    }

    /** The text of a repository file, such as {@code events/restore-request-rds-instance.json}. */
    static String file(String path) {
        try {
            return Files.readString(REPO.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> provenance(String type, String sourceResource, String sourceId, String createdAt) {
        return Map.of("lifeboat:managed", "true", "lifeboat:policy", "default", "lifeboat:resource-type", type,
                "lifeboat:source-id", sourceId, "lifeboat:source-arn", "arn:aws:rds:us-east-1:111122223333:snapshot:" + sourceId,
                "lifeboat:source-region", PRIMARY, "lifeboat:source-account", "111122223333",
                "lifeboat:source-resource", sourceResource, "lifeboat:created-at", createdAt);
    }

    private static List<software.amazon.awssdk.services.rds.model.Tag> rdsTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(t -> software.amazon.awssdk.services.rds.model.Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
    }

    private static TagSpecification tags(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()).build();
    }
}
