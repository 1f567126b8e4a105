package dev.lifeboat.startrestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoServer;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * The README's "Restore locally" walkthrough, run as a user runs it: moto started with
 * {@code MOTO_PORT} naming the port {@code bin/lifeboat restore} opens its front door on, then the
 * real {@code bin/lifeboat up} and {@code bin/lifeboat restore}, one process per command, from the
 * repository root, on the artifacts this build has just packaged.
 */
class RestoreCommandIT {

    private static final Path REPO = RepoRoot.find();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String README_VOLUME = "vol-0a1b2c3d4e5f60001";

    @TempDir
    Path folder;

    private MotoServer moto;
    private int motoPort;
    private Emulator emulator;

    /** A finished command: its exit code and what it printed. */
    private record Run(int exit, String stdout, String stderr) {
    }

    @BeforeEach
    void startMotoAndCreateTheTemplatesResources() throws Exception {
        // MOTO_PORT=5001 moto_server -p 5000, on free ports
        motoPort = MotoServer.freePort();
        moto = MotoServer.start(Optional.of(motoPort), Optional.of(Path.of("target", "moto-restore-command.log")));
        emulator = new Emulator(moto.endpoint());
        Run up = lifeboat("up");
        assertThat(up.exit()).as("bin/lifeboat up\n%s", up.stderr()).isZero();
    }

    @AfterEach
    void stopMoto() {
        moto.close();
    }

    @Test
    void restoresTheReadmesVolumeFromItsCopyPrintingEachStateThenTheResult() throws Exception {
        // GIVEN a Lifeboat copy of the README's volume in the recovery region, tagged as the copy function tags one
        String copy = ebsCopy(README_VOLUME);

        // WHEN the README's restore command runs
        Run restore = lifeboat("restore", "events/restore-request-ebs-volume.json", "--parameter", "RestorePollSeconds=1");

        // THEN it exits 0, having printed the states in order, then the result naming the restored volume
        assertThat(restore.exit()).as("bin/lifeboat restore\nstdout:\n%s\nstderr:\n%s", restore.stdout(), restore.stderr()).isZero();
        List<String> states = restore.stdout().lines().filter(line -> line.startsWith("→ ")).map(line -> line.substring(2).trim()).toList();
        assertThat(states).containsSubsequence("ResolveRecoveryPoint", "ValidateRestore", "RecordRto", "NotifySuccess", "PublishSuccess", "Summarize",
                "RestoreSucceeded");
        JsonNode result = Json.MAPPER.readTree(restore.stdout().substring(restore.stdout().indexOf("\n{") + 1));
        Volume restored = restoredVolumeFrom(copy);
        assertThat(result.path("status").asText()).isEqualTo("RESTORED");
        assertThat(result.path("restoredResource").asText()).isEqualTo(restored.volumeId());
        assertThat(restored.availabilityZone()).isEqualTo("us-west-2a");
    }

    @Test
    void exitsOneNamingNoRecoveryPointWhenTheSourceHasNoCopy() throws Exception {
        // GIVEN a copy of the README's volume, and a request naming another volume, which has none
        ebsCopy(README_VOLUME);
        Path request = folder.resolve("restore-request-uncopied-volume.json");
        Files.writeString(request, Files.readString(REPO.resolve("events/restore-request-ebs-volume.json"))
                .replace(README_VOLUME, "vol-0fedcba9876543210"));

        // WHEN it is restored
        Run restore = lifeboat("restore", request.toString(), "--parameter", "RestorePollSeconds=1");

        // THEN the command fails, naming the error
        assertThat(restore.exit()).as("bin/lifeboat restore\nstdout:\n%s\nstderr:\n%s", restore.stdout(), restore.stderr()).isEqualTo(1);
        assertThat(restore.stderr()).contains("Lifeboat.NoRecoveryPoint", "vol-0fedcba9876543210");
        assertThat(restore.stdout()).doesNotContain("→ CreateVolume");
    }

    /** A Lifeboat EBS copy of {@code sourceVolume} in the recovery region, with the copy function's provenance tags. */
    private String ebsCopy(String sourceVolume) {
        try (Ec2Client ec2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY)) {
            String scratch = ec2.createVolume(r -> r.availabilityZone(Emulator.RECOVERY.id() + "a").size(8)).volumeId();
            Map<String, String> provenance = Map.of("lifeboat:managed", "true", "lifeboat:policy", "default",
                    "lifeboat:resource-type", "ebs-snapshot", "lifeboat:source-id", "snap-0a1b2c3d4e5f60001",
                    "lifeboat:source-arn", "arn:aws:ec2:us-east-1::snapshot/snap-0a1b2c3d4e5f60001",
                    "lifeboat:source-region", Emulator.PRIMARY.id(), "lifeboat:source-account", Emulator.ACCOUNT,
                    "lifeboat:source-resource", sourceVolume, "lifeboat:created-at", "2025-03-10T03:00:00Z");
            String snapshot = ec2.createSnapshot(r -> r.volumeId(scratch).tagSpecifications(TagSpecification.builder()
                    .resourceType(ResourceType.SNAPSHOT)
                    .tags(provenance.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())
                    .build())).snapshotId();
            ec2.deleteVolume(r -> r.volumeId(scratch));
            return snapshot;
        }
    }

    private Volume restoredVolumeFrom(String copy) {
        try (Ec2Client ec2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY)) {
            List<Volume> volumes = ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag:lifeboat:restored-from").values(copy).build()))
                    .volumes();
            assertThat(volumes).as("volumes restored from %s", copy).hasSize(1);
            return volumes.get(0);
        }
    }

    /** Runs {@code bin/lifeboat args} from the repository root in the README's shell. */
    private Run lifeboat(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("bin/lifeboat").toString()));
        command.addAll(List.of(args));
        Path stdout = folder.resolve("stdout-" + System.nanoTime());
        Path stderr = folder.resolve("stderr-" + System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        // export AWS_ENDPOINT_URL=http://127.0.0.1:5000 MOTO_PORT=5001, and no other AWS settings
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        environment.put("MOTO_PORT", Integer.toString(motoPort));
        // this build has just packaged what the script runs; building here would rebuild it under the running build
        environment.put("LIFEBOAT_BUILD", "never");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("bin/lifeboat " + String.join(" ", args) + " did not finish within " + TIMEOUT.toSeconds()
                    + " s; its stderr:\n" + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
