package dev.lifeboat.shared.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** AWS Backup's job events, read as tolerantly as AWS documents them. */
class BackupEventTest {

    @Test
    void completedBackupJobNamesItsRecoveryPointFromResourcesWhenDetailHasNone() {
        BackupEvent event = BackupEvent.from(EventEnvelope.parse(SampleEvents.text("backup-job-completed.json")));

        assertThat(event).isInstanceOfSatisfying(BackupEvent.BackupJobChanged.class, job -> {
            assertThat(job.completed()).isTrue();
            assertThat(job.recoveryPointArn()).contains("arn:aws:ec2:us-east-1::snapshot/snap-0b1c2d3e4f5a60001");
            assertThat(job.backupVaultName()).contains("lifeboat-primary");
            assertThat(job.backupSizeInBytes()).isEqualTo(OptionalLong.of(8_589_934_592L));
            assertThat(job.createdBy().backupPlanId()).isEmpty();
        });
    }

    @Test
    void stateMayComeAsStatusAndSizeAsANumber() {
        ObjectNode tree = SampleEvents.tree("backup-job-completed.json");
        ObjectNode detail = (ObjectNode) tree.get("detail");
        detail.remove("state");
        detail.put("status", "completed");
        detail.put("backupSizeInBytes", 36048);

        BackupEvent.BackupJobChanged job = (BackupEvent.BackupJobChanged) BackupEvent.from(EventEnvelope.parse(tree.toString()));

        assertThat(job.state()).isEqualTo("COMPLETED");
        assertThat(job.backupSizeInBytes()).isEqualTo(OptionalLong.of(36048));
    }

    @Test
    void failedCopyJobWithAnEmptyObjectForItsDestinationArnHasNoDestination() {
        BackupEvent event = BackupEvent.from(EventEnvelope.parse(SampleEvents.text("backup-copy-job-failed.json")));

        assertThat(event).isInstanceOfSatisfying(BackupEvent.CopyJobChanged.class, copy -> {
            assertThat(copy.finished()).isTrue();
            assertThat(copy.succeeded()).isFalse();
            assertThat(copy.destinationRecoveryPointArn()).isEqualTo(Optional.empty());
            assertThat(copy.statusMessage()).contains("Access denied");
        });
    }

    @Test
    void completedBackupJobWithoutRecoveryPointAnywhereIsRejectedNamingIt() {
        ObjectNode tree = SampleEvents.tree("backup-job-completed.json");
        tree.putArray("resources");

        assertThat(Rejection.of(() -> BackupEvent.from(EventEnvelope.parse(tree.toString()))).field()).isEqualTo("detail.recoveryPointArn");
    }

    @Test
    void runningBackupJobNeedsNoRecoveryPoint() {
        ObjectNode tree = SampleEvents.tree("backup-job-completed.json");
        tree.putArray("resources");
        ((ObjectNode) tree.get("detail")).put("state", "RUNNING");

        assertThat(BackupEvent.from(EventEnvelope.parse(tree.toString()))).isInstanceOfSatisfying(BackupEvent.BackupJobChanged.class,
                job -> assertThat(job.completed()).isFalse());
    }

    @Test
    void eventWithNeitherStateNorStatusIsRejectedNamingState() {
        ObjectNode tree = SampleEvents.tree("backup-copy-job-completed.json");
        ((ObjectNode) tree.get("detail")).remove("state");

        assertThat(Rejection.of(() -> BackupEvent.from(EventEnvelope.parse(tree.toString()))).field()).isEqualTo("detail.state");
    }
}
