package dev.lifeboat.local.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The events AWS raises for the drill's snapshots and copies, made from the repository's sample
 * events ({@code events/*.json}, the shapes AWS documents) with the drill's ids, account, region
 * and time put in: so the drill's events and the tested samples never drift apart.
 */
public final class DrillEvents {

    private final Path repository;

    public DrillEvents(Path repository) {
        this.repository = repository;
    }

    /** {@code createSnapshot} of {@code volumeId}, succeeded ({@code events/ebs-create-snapshot-succeeded.json}). */
    public String ebsSnapshotCreated(String region, String snapshotId, String volumeId, Instant time) {
        return ebs("ebs-create-snapshot-succeeded.json", region, snapshotId, "arn:aws:ec2::" + region + ":volume/" + volumeId, time);
    }

    /** {@code createSnapshot} of {@code volumeId}, failed, with the sample's cause naming the snapshot. */
    public String ebsSnapshotFailed(String region, String snapshotId, String volumeId, Instant time) {
        ObjectNode event = ebsNode("ebs-create-snapshot-failed.json", region, snapshotId, "arn:aws:ec2::" + region + ":volume/" + volumeId, time);
        ((ObjectNode) event.get("detail")).put("cause", "Snapshot " + snapshotId + " is in status error");
        return event.toString();
    }

    /** {@code copySnapshot} succeeded, raised in the copy's region ({@code events/ebs-copy-snapshot-succeeded.json}). */
    public String ebsSnapshotCopied(String copyRegion, String copyId, String sourceRegion, String sourceSnapshotId, Instant time) {
        return ebs("ebs-copy-snapshot-succeeded.json", copyRegion, copyId, "arn:aws:ec2::" + sourceRegion + ":snapshot/" + sourceSnapshotId, time);
    }

    /** A manual DB snapshot was created ({@code RDS-EVENT-0042}, {@code events/rds-db-snapshot-created-manual.json}). */
    public String rdsSnapshotCreated(String region, String snapshotId, Instant time) {
        return rds("rds-db-snapshot-created-manual.json", region, "snapshot", snapshotId, null, time);
    }

    /** A manual DB cluster snapshot was created ({@code RDS-EVENT-0075}, {@code events/rds-db-cluster-snapshot-created-manual.json}). */
    public String auroraSnapshotCreated(String region, String snapshotId, Instant time) {
        return rds("rds-db-cluster-snapshot-created-manual.json", region, "cluster-snapshot", snapshotId, null, time);
    }

    /** A cross-region DB snapshot copy finished, raised in the copy's region ({@code RDS-EVENT-0060}). */
    public String rdsSnapshotCopyFinished(String copyRegion, String copyId, String sourceRegion, String sourceSnapshotId, Instant time) {
        return rds("rds-db-snapshot-copy-finished.json", copyRegion, "snapshot", copyId,
                "Finished copy of snapshot " + sourceSnapshotId + " from region " + sourceRegion + " in 0 minutes", time);
    }

    /**
     * A restore execution ended ({@code Step Functions Execution Status Change},
     * {@code events/stepfunctions-restore-execution-succeeded.json}), raised in the workflow's region.
     */
    public String restoreExecutionEnded(String executionArn, String status, Instant start, Instant stop, String input, String output) {
        String[] parts = executionArn.split(":");
        String region = parts[3];
        ObjectNode event = envelope("stepfunctions-restore-execution-succeeded.json", region, stop);
        event.putArray("resources").add(executionArn);
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("executionArn", executionArn);
        detail.put("stateMachineArn", String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], "stateMachine", parts[6]));
        detail.put("name", parts[7]);
        detail.put("status", status);
        detail.put("startDate", start.toEpochMilli());
        detail.put("stopDate", stop.toEpochMilli());
        detail.put("input", input);
        if (output == null) {
            detail.putNull("output");
        } else {
            detail.put("output", output);
        }
        return event.toString();
    }

    private String ebs(String sample, String region, String snapshotId, String source, Instant time) {
        return ebsNode(sample, region, snapshotId, source, time).toString();
    }

    private ObjectNode ebsNode(String sample, String region, String snapshotId, String source, Instant time) {
        ObjectNode event = envelope(sample, region, time);
        String arn = "arn:aws:ec2::" + region + ":snapshot/" + snapshotId;
        event.putArray("resources").add(arn);
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("snapshot_id", arn);
        detail.put("source", source);
        detail.put("startTime", stamp(time));
        detail.put("endTime", stamp(time));
        return event;
    }

    private String rds(String sample, String region, String kind, String identifier, String message, Instant time) {
        ObjectNode event = envelope(sample, region, time);
        String arn = "arn:aws:rds:" + region + ":" + Emulator.ACCOUNT + ":" + kind + ":" + identifier;
        event.putArray("resources").add(arn);
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("SourceArn", arn);
        detail.put("SourceIdentifier", identifier);
        detail.put("Date", time.truncatedTo(ChronoUnit.MILLIS).toString());
        if (message != null) {
            detail.put("Message", message);
        }
        return event.toString();
    }

    private ObjectNode envelope(String sample, String region, Instant time) {
        ObjectNode event = (ObjectNode) read(sample);
        event.put("id", UUID.randomUUID().toString());
        event.put("account", Emulator.ACCOUNT);
        event.put("region", region);
        event.put("time", stamp(time));
        return event;
    }

    private JsonNode read(String sample) {
        Path file = repository.resolve("events").resolve(sample);
        try {
            return Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the sample event " + file, e);
        }
    }

    private static String stamp(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
