package dev.lifeboat.backupmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deployable artifact, {@code functions/backup-metrics/target/backup-metrics.jar} (shaded, then
 * shrunk by ProGuard), invoked through template.yaml against the template's own table in moto.
 */
@ExtendWith(MotoExtension.class)
class BackupMetricsDeployableJarIT {

    private static final long MAX_ARTIFACT_BYTES = 15L * 1024 * 1024;
    private static final Path REPO = RepoRoot.find();
    private static final Template TEMPLATE = Template.loadFrom(REPO);

    @Test
    void artifactIsAtMostFifteenMegabytes() throws Exception {
        Path artifact = REPO.resolve(TEMPLATE.function("BackupMetricsFunction").codeUri());

        assertThat(Files.size(artifact)).as("size of %s", artifact).isLessThanOrEqualTo(MAX_ARTIFACT_BYTES);
    }

    @Test
    void deployableJarCountsJobsRecordsTheLastBackupAndChecksTheRpo(Emulator emulator) throws Exception {
        // GIVEN the template's resources
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        FunctionInvoker jar = new FunctionInvoker(TEMPLATE, Map.of(), emulator.environment(Map.of())).fromDeployableJar();

        // WHEN the jar handles a completed backup, an EBS copy event (whose copy it looks up in EC2), and the schedule
        InvocationResult backup = jar.invoke("BackupMetricsFunction", Files.readString(REPO.resolve("events/backup-job-completed.json")), Map.of());
        InvocationResult copy = jar.invoke("BackupMetricsFunction", Files.readString(REPO.resolve("events/ebs-copy-snapshot-succeeded.json")), Map.of());
        InvocationResult schedule = jar.invoke("BackupMetricsFunction", """
                {"version": "0", "id": "s-1", "detail-type": "Scheduled Event", "source": "aws.events", "account": "123456789012",
                 "time": "2025-03-10T12:00:00Z", "region": "us-east-1", "resources": [], "detail": {}}""", Map.of());

        // THEN each succeeded, with the metrics it reports, and the volume's last backup is in the template's table
        assertThat(metrics(backup)).isEqualTo(2);
        assertThat(metrics(copy)).isEqualTo(2);
        assertThat(metrics(schedule)).isEqualTo(3);
        String table = jar.environment("BackupMetricsFunction", Map.of()).get("METRICS_TABLE");
        assertThat(emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY).scan(r -> r.tableName(table)).items())
                .anySatisfy(item -> assertThat(item).containsKey("lastBackupAt"));
    }

    @Test
    void deployableJarRecordsEachFinishedJobOnceInTheTemplatesJobHistoryTable(Emulator emulator) throws Exception {
        // GIVEN the template's resources, and the function with the template's environment
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();
        FunctionInvoker jar = new FunctionInvoker(TEMPLATE, Map.of(), emulator.environment(Map.of())).fromDeployableJar();
        assertThat(jar.environment("BackupMetricsFunction", Map.of())).containsEntry("JOB_HISTORY_TABLE", "lifeboat-job-history");

        // WHEN the jar handles a failed backup twice (a duplicate delivery)
        String failed = Files.readString(REPO.resolve("events/backup-job-failed.json"));
        jar.invoke("BackupMetricsFunction", failed, Map.of());
        jar.invoke("BackupMetricsFunction", failed, Map.of());

        // THEN the job is one item, keyed by its job id
        assertThat(emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY).scan(r -> r.tableName("lifeboat-job-history")).items())
                .singleElement().satisfies(item -> assertThat(item.get("sk").s()).isEqualTo("backup#us-east-1#34176239-e96d-4e1d-9fad-529dbb3c3556"));
    }

    private static int metrics(InvocationResult result) throws Exception {
        assertThat(result).as("invocation result").isInstanceOf(InvocationResult.Success.class);
        return Json.MAPPER.readTree(((InvocationResult.Success) result).json()).get("metrics").asInt();
    }
}
