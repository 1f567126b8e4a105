package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * The README's "Invoke a function locally" walkthrough, run as a user runs it: the real
 * {@code bin/lifeboat} script, one process per command, from the repository root against a moto
 * server, on the artifacts this build has just packaged.
 */
@ExtendWith(MotoExtension.class)
class QuickStartIT {

    private static final Path REPO = RepoRoot.find();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path folder;

    /** A finished command: its exit code and what it printed. */
    private record Run(int exit, String stdout, String stderr) {
    }

    @Test
    void upSnapshotAndInvokeCopyTheSnapshotToTheRecoveryRegionOnceEvenWhenInvokedTwice(Emulator emulator) throws Exception {
        // GIVEN the template's resources and a snapshot, its event saved as the README says
        Path event = folder.resolve("event.json");
        Run up = lifeboat(emulator, "up");
        assertThat(up.exit()).as("bin/lifeboat up\n%s", up.stderr()).isZero();
        Run snapshot = lifeboat(emulator, event, "snapshot", "--policy", "default");
        assertThat(snapshot.exit()).as("bin/lifeboat snapshot\n%s", snapshot.stderr()).isZero();
        String snapshotArn = Json.MAPPER.readTree(event.toFile()).path("detail").path("snapshot_id").asText();
        String snapshotId = snapshotArn.substring(snapshotArn.lastIndexOf('/') + 1);

        // WHEN the copy function is invoked with it
        Run invoke = lifeboat(emulator, "invoke", PrimaryEstate.FUNCTION, event.toString());

        // THEN it reports no failed record and the recovery region has one copy
        assertThat(invoke.exit()).as("bin/lifeboat invoke\n%s", invoke.stderr()).isZero();
        assertThat(batchItemFailures(invoke)).isEmpty();
        assertThat(recoveryCopiesOf(emulator, snapshotId)).hasSize(1);

        // WHEN it is invoked again with the same event, as an at-least-once delivery would
        Run again = lifeboat(emulator, "invoke", PrimaryEstate.FUNCTION, event.toString());

        // THEN there is still one copy
        assertThat(again.exit()).as("bin/lifeboat invoke, again\n%s", again.stderr()).isZero();
        assertThat(batchItemFailures(again)).isEmpty();
        assertThat(recoveryCopiesOf(emulator, snapshotId)).hasSize(1);
    }

    @Test
    void invokingAFunctionTheTemplateLacksFailsNamingIt(Emulator emulator) throws Exception {
        Run invoke = lifeboat(emulator, "invoke", "NoSuchFunction", "events/ebs-create-snapshot-succeeded.json");

        assertThat(invoke.exit()).isNotZero();
        assertThat(invoke.stderr()).contains("NoSuchFunction");
    }

    private Run lifeboat(Emulator emulator, String... args) throws IOException, InterruptedException {
        return lifeboat(emulator, folder.resolve("stdout-" + System.nanoTime()), args);
    }

    /** Runs {@code bin/lifeboat args} from the repository root, its stdout redirected to {@code stdout}. */
    private Run lifeboat(Emulator emulator, Path stdout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("bin/lifeboat").toString()));
        command.addAll(List.of(args));
        Path stderr = folder.resolve("stderr-" + System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        // the shell the README assumes: no AWS settings but the emulator's address
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
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

    private static JsonNode batchItemFailures(Run invoke) throws IOException {
        JsonNode failures = Json.MAPPER.readTree(invoke.stdout()).get("batchItemFailures");
        assertThat(failures).as("batchItemFailures in %s", invoke.stdout()).isNotNull();
        return failures;
    }

    private static List<Snapshot> recoveryCopiesOf(Emulator emulator, String snapshotId) {
        try (Ec2Client recovery = emulator.client(Ec2Client.builder(), Emulator.RECOVERY)) {
            return recovery.describeSnapshots(r -> r.ownerIds("self")
                    .filters(Filter.builder().name("tag:" + LifeboatTags.SOURCE_ID).values(snapshotId).build())).snapshots();
        }
    }
}
