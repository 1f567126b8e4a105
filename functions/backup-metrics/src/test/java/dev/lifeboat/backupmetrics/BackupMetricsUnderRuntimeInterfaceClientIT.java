package dev.lifeboat.backupmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.runtime.ColdStart;
import dev.lifeboat.local.runtime.LambdaFunctions;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.local.testing.Emf;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code BackupMetricsFunction} as Lambda runs it: {@code backup-metrics.jar} extracted as the task
 * root, the handler started cold by the real Runtime Interface Client through its no-arg
 * constructor, with the template's environment, handling a sample event against the template's
 * resources in moto.
 */
@ExtendWith(MotoExtension.class)
class BackupMetricsUnderRuntimeInterfaceClientIT {

    private static final Path REPO = RepoRoot.find();
    private static final Template TEMPLATE = Template.loadFrom(REPO);

    @Test
    void emitsTheJobsMetricsAndRecordsTheLastBackupInTheTemplatesTable(Emulator emulator) throws Exception {
        // GIVEN the template's resources
        new Provisioner(TEMPLATE, Map.of(), emulator.environment(Map.of()), line -> { }).up();

        // WHEN the function starts cold and handles a completed backup job
        ColdStart run;
        try (LambdaFunctions lambda = LambdaFunctions.against(TEMPLATE, emulator.environment(Map.of()))) {
            run = lambda.coldStart("BackupMetricsFunction", MetricsEstate.text("backup-job-completed.json"), Map.of());
        }

        // THEN it answered two metrics, printed them as EMF in the template's namespace, and recorded the backup
        assertThat(Json.MAPPER.readTree(run.response()).get("metrics").asInt()).isEqualTo(2);
        assertThat(Emf.metrics(run.log())).hasSize(2).allSatisfy(metric -> assertThat(metric.namespace()).isEqualTo("Lifeboat"));
        assertThat(emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY).scan(r -> r.tableName(MetricsEstate.TABLE)).items())
                .anySatisfy(item -> assertThat(item).containsKey("lastBackupAt"));
    }
}
