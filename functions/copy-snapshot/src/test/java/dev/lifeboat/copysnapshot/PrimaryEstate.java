package dev.lifeboat.copysnapshot;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A small estate in the emulator for the copy function's tests: the template's resources for both
 * stacks, tagged volumes and snapshots in the primary region, and the sample events from
 * {@code events/} rewritten to name them.
 */
final class PrimaryEstate {

    static final String RECOVERY_KEY_ALIAS = "alias/lifeboat-recovery";
    static final String FUNCTION = "CopySnapshotFunction";
    static final Path REPO = RepoRoot.find();
    static final Path EVENTS = REPO.resolve("events");
    static final Template TEMPLATE = Template.loadFrom(REPO);

    final Emulator emulator;
    final Ec2Client primaryEc2;
    final Ec2Client recoveryEc2;
    final FunctionInvoker invoker;

    /** Both stacks' resources, created from template.yaml as {@code bin/lifeboat up} does. */
    PrimaryEstate(Emulator emulator) {
        this.emulator = emulator;
        this.primaryEc2 = emulator.client(Ec2Client.builder(), Emulator.PRIMARY);
        this.recoveryEc2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        this.invoker = new FunctionInvoker(TEMPLATE, Map.of(), emulator.environment(Map.of()));
    }

    /**
     * The copy function's environment as the template gives it, pointed at the emulator, with the
     * variables issue 3 adds to the template (see template-additions.yaml) until they are merged.
     */
    Map<String, String> functionEnvironment() {
        Map<String, String> environment = new java.util.HashMap<>(invoker.environment(FUNCTION, Map.of()));
        environment.putIfAbsent("COPY_QUEUE_URL", copyQueueUrl());
        environment.putIfAbsent("RECOVERY_VAULT_NAME", "lifeboat-recovery");
        environment.putIfAbsent("BACKUP_COPY_ROLE_ARN", "arn:aws:iam::" + Emulator.ACCOUNT + ":role/lifeboat-backup-copy");
        return environment;
    }

    /** The completion function's environment: the ledger in the primary region, alerts to the log. */
    Map<String, String> completionEnvironment() {
        Map<String, String> environment = new java.util.HashMap<>(functionEnvironment());
        environment.put("LEDGER_REGION", Emulator.PRIMARY.id());
        environment.put("AWS_REGION", Emulator.RECOVERY.id());
        return environment;
    }

    String copyQueueUrl() {
        return emulator.endpoint() + "/" + Emulator.ACCOUNT + "/lifeboat-CopyQueue";
    }

    String copyDeadLetterQueueUrl() {
        return emulator.endpoint() + "/" + Emulator.ACCOUNT + "/lifeboat-CopyDeadLetterQueue";
    }

    /** A sample event with the sample account replaced by the emulator's, so that ARNs built from it resolve there. */
    static String eventInEmulatorAccount(String file, Map<String, String> replacements) {
        return event(file, replacements).replace("111122223333", Emulator.ACCOUNT);
    }

    /** Stores the policy document where the copy function reads it. */
    void putPolicyDocument(String json) {
        emulator.client(SsmClient.builder(), Emulator.PRIMARY).putParameter(r -> r
                .name(functionEnvironment().get("POLICY_PARAMETER")).type(ParameterType.STRING).value(json).overwrite(true));
    }

    String volume(Map<String, String> tags) {
        return primaryEc2.createVolume(r -> r.availabilityZone("us-east-1a").size(8).encrypted(true)
                .tagSpecifications(tagSpecs(ResourceType.VOLUME, tags))).volumeId();
    }

    String snapshot(String volumeId, Map<String, String> tags) {
        return primaryEc2.createSnapshot(r -> r.volumeId(volumeId).description("nightly")
                .tagSpecifications(tagSpecs(ResourceType.SNAPSHOT, tags))).snapshotId();
    }

    /**
     * Every snapshot this account owns in the recovery region. Moto ignores {@code OwnerIds=self}
     * for snapshots (see {@link MotoQuirksTest}), so the owner is filtered explicitly.
     */
    List<Snapshot> recoveryCopies() {
        return recoveryEc2.describeSnapshots(r -> r.ownerIds("self")
                .filters(Filter.builder().name("owner-id").values(Emulator.ACCOUNT).build())).snapshots();
    }

    List<Snapshot> recoveryCopiesOf(String sourceSnapshotId) {
        return recoveryEc2.describeSnapshots(r -> r.ownerIds("self")
                .filters(Filter.builder().name("tag:lifeboat:source-id").values(sourceSnapshotId).build())).snapshots();
    }

    /** The text of {@code events/<file>} with each sample id replaced by a real one. */
    static String event(String file, Map<String, String> replacements) {
        try {
            String text = Files.readString(EVENTS.resolve(file));
            for (Map.Entry<String, String> replacement : replacements.entrySet()) {
                text = text.replace(replacement.getKey(), replacement.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SQS event carrying these bodies, as the copy queue delivers them. */
    static SQSEvent sqsEvent(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String body : bodies) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(UUID.randomUUID().toString());
            message.setBody(body);
            message.setEventSource("aws:sqs");
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static List<TagSpecification> tagSpecs(ResourceType type, Map<String, String> tags) {
        return tags.isEmpty() ? List.of() : List.of(TagSpecification.builder().resourceType(type)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())
                .build());
    }
}
