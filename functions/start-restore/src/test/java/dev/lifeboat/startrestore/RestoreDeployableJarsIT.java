package dev.lifeboat.startrestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoServer;
import dev.lifeboat.local.frontdoor.FrontDoor;
import dev.lifeboat.local.frontdoor.FrontDoorExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.restore.RestoreWorkflow.Execution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * The restore workflow on the deployable artifacts, exactly as {@code sam deploy} uploads them
 * (shaded, then shrunk by ProGuard): the front door runs every Lambda task of the state machine
 * from its function's jar ({@code CodeUri}) on a class loader of its own, as
 * {@code bin/lifeboat restore} does, so every SDK path a restore takes must still be in the jars.
 */
class RestoreDeployableJarsIT {

    private static final long MAX_ARTIFACT_BYTES = 15L * 1024 * 1024;

    private static MotoServer moto;
    private static FrontDoor door;

    @BeforeAll
    static void startEmulatorBehindAFrontDoorOnTheJars() {
        int doorPort = MotoServer.freePort();
        moto = MotoServer.start(Optional.of(doorPort), Optional.of(Path.of("target", "moto-deployable-jars.log")));
        moto.configure(FrontDoorExtension.EXECUTE_STATE_MACHINES);
        FrontDoor[] started = new FrontDoor[1];
        started[0] = FrontDoor.start(doorPort, moto.endpoint(), RecoveryEstate.TEMPLATE,
                parameters -> new FunctionInvoker(RecoveryEstate.TEMPLATE, parameters,
                        Map.of("AWS_ENDPOINT_URL", started[0].endpoint().toString())).fromDeployableJar());
        door = started[0];
    }

    @AfterAll
    static void stop() {
        if (door != null) {
            door.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ResolveRecoveryPointFunction", "RestoreValidateFunction", "StartRestoreFunction"})
    void artifactIsAtMostFifteenMegabytes(String function) throws Exception {
        Path artifact = RecoveryEstate.REPO.resolve(RecoveryEstate.TEMPLATE.function(function).codeUri());

        assertThat(Files.size(artifact)).as("size of %s", artifact).isLessThanOrEqualTo(MAX_ARTIFACT_BYTES);
    }

    @Test
    void restoresAnEbsVolumeFromTheCopyTheCopyFunctionMadeWithTheDeployableJars() {
        // GIVEN a protected volume whose snapshot the copy function copied to the recovery region,
        // and the workflow's Lambda tasks running from their deployable jars
        RecoveryEstate estate = new RecoveryEstate(new Emulator(door.endpoint()));
        door.useParameters(RecoveryEstate.FAST);
        String volume = estate.volumeCopiedByTheCopyFunction();
        String copy = estate.copiesOf(volume).get(0).snapshotId();

        // WHEN the README's EBS request, naming that volume, runs
        Execution execution = estate.workflow.run("restore-" + System.nanoTime(),
                RecoveryEstate.file("events/restore-request-ebs-volume.json").replace("vol-0a1b2c3d4e5f60001", volume), line -> { });

        // THEN it succeeds, with a volume restored from the copy, and no task failed on a class the jars lack
        assertThat(execution.succeeded()).as("%s: %s: %s; states %s; failed tasks %s", execution.status(), execution.error().orElse(""),
                execution.cause().orElse(""), execution.states(), execution.history().stream()
                        .filter(event -> event.taskFailedEventDetails() != null)
                        .map(event -> event.taskFailedEventDetails().error() + ": " + event.taskFailedEventDetails().cause()).toList()).isTrue();
        Volume restored = estate.ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag:lifeboat:restored-from").values(copy).build()))
                .volumes().get(0);
        assertThat(restored.availabilityZone()).isEqualTo("us-west-2a");
        assertThat(execution.states()).containsSubsequence("ResolveRecoveryPoint", "ValidateRestore", "RestoreSucceeded");
        assertThat(execution.history()).noneMatch(event -> event.taskFailedEventDetails() != null);
    }
}
