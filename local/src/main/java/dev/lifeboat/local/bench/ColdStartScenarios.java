package dev.lifeboat.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.restore.RestoreWorkflow;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A fresh event for every cold start of every function, so that each run does real work: a new
 * snapshot to copy, a new job to count or alert on, a new copy in flight to settle, a new restore
 * request. What a run needs before its event (a copy started, a volume restored) is made in this
 * JVM through the in-process invoker, outside the measurement. The scheduled functions (RPO
 * monitor, retention, health report, drill) work over the copies the copy runs made.
 */
final class ColdStartScenarios {

    private static final String COPY_FUNCTION = "CopySnapshotFunction";

    private final Template template;
    private final Emulator emulator;
    private final FunctionInvoker inProcess;
    private final Ec2Client primaryEc2;
    private final Ec2Client recoveryEc2;
    private final RdsClient primaryRds;
    /** The volume whose snapshot the copy function copied while preparing: the restore functions' source. */
    private String restorableVolume;

    ColdStartScenarios(Template template, Emulator emulator) {
        this.template = template;
        this.emulator = emulator;
        this.inProcess = new FunctionInvoker(template, Map.of(), emulator.environment(Map.of())).fromDeployableJar();
        this.primaryEc2 = emulator.client(Ec2Client.builder(), Emulator.PRIMARY);
        this.recoveryEc2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        this.primaryRds = emulator.client(RdsClient.builder(), Emulator.PRIMARY);
    }

    /** What every run relies on: the policy document, an RDS instance and an Aurora cluster to snapshot, the restore state machine. */
    void prepare() {
        // the policy document in both regions: the copy function reads the primary's, the recovery side its own
        for (software.amazon.awssdk.regions.Region region : List.of(Emulator.PRIMARY, Emulator.RECOVERY)) {
            emulator.client(SsmClient.builder(), region).putParameter(r -> r
                    .name(inProcess.environment(COPY_FUNCTION, Map.of()).get("POLICY_PARAMETER")).type(ParameterType.STRING)
                    .value("{\"policies\": {\"gold\": {\"rpoHours\": 4}}}").overwrite(true));
        }
        software.amazon.awssdk.services.rds.model.Tag policy = software.amazon.awssdk.services.rds.model.Tag.builder()
                .key("lifeboat:policy").value("default").build();
        primaryRds.createDBInstance(r -> r.dbInstanceIdentifier("orders-db").engine("postgres").dbInstanceClass("db.t3.micro")
                .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20).storageEncrypted(true).tags(policy));
        primaryRds.createDBCluster(r -> r.dbClusterIdentifier("inventory-aurora").engine("aurora-postgresql").masterUsername("lifeboat")
                .masterUserPassword("not-a-secret-1").storageEncrypted(true).tags(policy));
        SfnClient sfn = emulator.client(SfnClient.builder(), Emulator.RECOVERY);
        RestoreWorkflow workflow = new RestoreWorkflow(template, Map.of(), emulator.environment(Map.of()), sfn, Duration.ofSeconds(5));
        LocalNames names = new LocalNames(template, StackRole.RECOVERY, Map.of(), emulator.environment(Map.of()));
        sfn.createStateMachine(r -> r.name(names.physicalName(RestoreWorkflow.STATE_MACHINE)).definition(workflow.emulatorDefinition())
                .roleArn(names.arn("RestoreStateMachineRole")));
        // one copy before the first run, so that the scheduled functions and the restore functions have one from the start
        String event = ebsSnapshotEvent();
        check(COPY_FUNCTION, inProcess.invoke(COPY_FUNCTION, event, Map.of()));
        restorableVolume = tree(event).path("detail").path("source").asText().replaceAll(".*/", "");
    }

    /** The functions this benchmark has an event for, in the template's order: all of them. */
    List<String> covered() {
        return List.of("CopySnapshotFunction", "ResolveRecoveryPointFunction", "RestoreValidateFunction", "StartRestoreFunction",
                "BackupMetricsFunction", "FailureAlertFunction", "CopyCompletionFunction", "CopyStatusPollFunction", "RpoMonitorFunction",
                "RetentionFunction", "RestoreDrillFunction", "HealthReportFunction");
    }

    /** A fresh event for {@code functionId}'s next run (an EventBridge event for a queue-fed function: the launcher wraps it). */
    String event(String functionId) {
        return switch (functionId) {
            case "CopySnapshotFunction" -> ebsSnapshotEvent();
            case "BackupMetricsFunction" -> backupJobEvent("backup-job-completed.json", "a827233a-d405-4a86-a440-759fa94f34dd");
            case "FailureAlertFunction" -> backupJobEvent("backup-job-failed.json", "34176239-e96d-4e1d-9fad-529dbb3c3556");
            case "CopyCompletionFunction" -> rdsCopyFinishedEvent();
            case "CopyStatusPollFunction" -> {
                auroraCopyInFlight();
                yield scheduled("us-west-2");
            }
            case "RpoMonitorFunction" -> "{\"alert\": true}";
            case "RetentionFunction" -> "{\"dryRun\": true}";
            case "HealthReportFunction" -> "{\"periodDays\": 7}";
            case "RestoreDrillFunction" -> file("restore-drill-schedule.json");
            case "ResolveRecoveryPointFunction" -> resolvePayload();
            case "RestoreValidateFunction" -> validatePayload();
            case "StartRestoreFunction" -> restoreRequested();
            default -> throw new IllegalArgumentException("No cold-start scenario for " + functionId + "; the scenarios cover " + covered());
        };
    }

    /** A snapshot of a new gold volume, just taken, and its EventBridge event. */
    String ebsSnapshotEvent() {
        String volume = primaryEc2.createVolume(r -> r.availabilityZone("us-east-1a").size(8).encrypted(true)
                .tagSpecifications(t -> t.resourceType(ResourceType.VOLUME).tags(Tag.builder().key("lifeboat:policy").value("gold").build())))
                .volumeId();
        String snapshot = primaryEc2.createSnapshot(r -> r.volumeId(volume).description("nightly")).snapshotId();
        return file("ebs-create-snapshot-succeeded.json").replace("snap-0a1b2c3d4e5f60001", snapshot).replace("vol-0a1b2c3d4e5f60001", volume);
    }

    /** A job of a new volume with a new id: nothing to fold into an earlier run's. */
    private String backupJobEvent(String file, String sampleJobId) {
        return file(file).replace(sampleJobId, UUID.randomUUID().toString()).replace("vol-0a1b2c3d4e5f60001", "vol-" + hex(8) + "0");
    }

    /** A new DB snapshot, its copy started by the copy function (in this JVM), and the event of the copy's end. */
    private String rdsCopyFinishedEvent() {
        String snapshot = "orders-db-" + hex(4);
        primaryRds.createDBSnapshot(r -> r.dbInstanceIdentifier("orders-db").dbSnapshotIdentifier(snapshot));
        check(COPY_FUNCTION, inProcess.invoke(COPY_FUNCTION, inAccount(file("rds-db-snapshot-created-manual.json")
                .replace("orders-db-before-upgrade", snapshot)), Map.of()));
        return inAccount(file("rds-db-snapshot-copy-finished.json")
                .replace("lifeboat-us-east-1-rds-orders-db-2025-03-10-02-05", "lifeboat-us-east-1-" + snapshot)
                .replace("rds:orders-db-2025-03-10-02-05", snapshot));
    }

    /** A new Aurora cluster snapshot whose copy the copy function started: the poll settles it. */
    private void auroraCopyInFlight() {
        String snapshot = "inventory-" + hex(4);
        primaryRds.createDBClusterSnapshot(r -> r.dbClusterIdentifier("inventory-aurora").dbClusterSnapshotIdentifier(snapshot));
        check(COPY_FUNCTION, inProcess.invoke(COPY_FUNCTION, inAccount(file("rds-db-cluster-snapshot-created-manual.json")
                .replace("inventory-aurora-before-upgrade", snapshot)), Map.of()));
    }

    /** The restore workflow's first payload: the README's EBS request for the volume copied last, under a new execution name. */
    private String resolvePayload() {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.set("request", tree(file("restore-request-ebs-volume.json").replace("vol-0a1b2c3d4e5f60001", restorableVolume)));
        payload.put("execution", "restore-" + hex(6));
        return Json.MAPPER.valueToTree(payload).toString();
    }

    /** The workflow's ValidateRestore payload: the plan (resolved in this JVM) and a volume restored from its copy. */
    private String validatePayload() {
        InvocationResult resolved = inProcess.invoke("ResolveRecoveryPointFunction", resolvePayload(), Map.of());
        JsonNode state = tree(check("ResolveRecoveryPointFunction", resolved));
        String copy = state.path("plan").path("recoveryPoint").path("id").asText();
        String restored = recoveryEc2.createVolume(r -> r.snapshotId(copy).availabilityZone("us-west-2a")).volumeId();
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.set("request", state.path("request"));
        payload.set("plan", state.path("plan"));
        payload.put("restoredId", restored);
        payload.put("startedAt", Instant.now().minusSeconds(60).toString());
        return payload.toString();
    }

    /** A Restore Requested event with a new request id: a new execution. */
    private String restoreRequested() {
        String request = file("restore-request-rds-instance.json").replace("orders-db-dr-2025-03-10", "orders-db-dr-" + hex(6));
        return """
                {"version": "0", "id": "%s", "detail-type": "Restore Requested", "source": "lifeboat",
                 "account": "%s", "time": "%s", "region": "us-west-2", "resources": [], "detail": %s}"""
                .formatted(UUID.randomUUID(), Emulator.ACCOUNT, Instant.now(), request);
    }

    private static String scheduled(String region) {
        return """
                {"version": "0", "id": "%s", "detail-type": "Scheduled Event", "source": "aws.events", "account": "%s",
                 "time": "%s", "region": "%s", "resources": [], "detail": {}}""".formatted(UUID.randomUUID(), Emulator.ACCOUNT, Instant.now(), region);
    }

    private String file(String name) {
        try {
            return Files.readString(template.directory().resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample account replaced by the emulator's, so that ARNs built from the event resolve there. */
    private static String inAccount(String event) {
        return event.replace("111122223333", Emulator.ACCOUNT);
    }

    private static String check(String functionId, InvocationResult result) {
        if (result instanceof InvocationResult.Success success) {
            return success.json();
        }
        InvocationResult.Failure failure = (InvocationResult.Failure) result;
        throw new IllegalStateException("Preparing a run: " + functionId + " failed in process: " + failure.errorType() + ": " + failure.errorMessage());
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
