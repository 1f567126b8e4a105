package dev.lifeboat.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployable artifact, {@code functions/retention/target/retention.jar}, exactly as
 * {@code sam deploy} uploads it (shaded, then shrunk by ProGuard), loaded on its own class loader
 * and invoked through the template against moto: every SDK path the function takes must still be
 * in the jar.
 */
@ExtendWith(MotoExtension.class)
class RetentionDeployableJarIT {

    private static final long MAX_ARTIFACT_BYTES = 15L * 1024 * 1024;
    private static final String FUNCTION = "RetentionFunction";
    private static final Path REPO = RepoRoot.find();
    private static final Template TEMPLATE = Template.loadFrom(REPO);

    private RecoveryEstate estate;
    private FunctionInvoker jar;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new RecoveryEstate(emulator);
        jar = new FunctionInvoker(TEMPLATE, Map.of("Role", "recovery"), emulator.environment(Map.of())).fromDeployableJar();
    }

    @Test
    void artifactIsAtMostFifteenMegabytes() throws IOException {
        Path artifact = REPO.resolve(TEMPLATE.function(FUNCTION).codeUri());

        assertThat(Files.size(artifact)).as("size of %s", artifact).isLessThanOrEqualTo(MAX_ARTIFACT_BYTES);
    }

    @Test
    void deployableJarDryRunsThenDeletesExpiredCopiesOfEveryKindOnce() {
        // GIVEN a policy in the recovery region's parameter keeping one daily copy, three copies of each kind
        estate.putPolicyDocument("""
                {"policies": {"gold": {"retention": {"daily": 1, "weekly": 0, "monthly": 0, "yearly": 0}}}}""");
        List<String> ebs = new ArrayList<>();
        List<String> rds = new ArrayList<>();
        List<String> aurora = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            Instant at = Instant.now().minus(Duration.ofDays(day));
            ebs.add(estate.ebsCopy(RecoveryEstate.provenance(CopyKind.EBS_SNAPSHOT, "vol-0jar", at, "gold")));
            rds.add(estate.rdsCopy("lifeboat-us-east-1-jar-db-" + day, RecoveryEstate.provenance(CopyKind.RDS_SNAPSHOT, "jar-db", at, "gold")));
            aurora.add(estate.auroraCopy("lifeboat-us-east-1-jar-cluster-" + day,
                    RecoveryEstate.provenance(CopyKind.AURORA_CLUSTER_SNAPSHOT, "jar-cluster", at, "gold")));
        }

        // WHEN the jar runs dry, then for real twice
        JsonNode dry = success(jar.invoke(FUNCTION, "{\"dryRun\": true}", overrides()));
        List<String> afterDryRun = estate.ebsSnapshotIds();
        JsonNode first = success(jar.invoke(FUNCTION, "{}", overrides()));
        JsonNode second = success(jar.invoke(FUNCTION, "{\"dryRun\": false}", overrides()));

        // THEN the dry run lists six copies and deletes none; the first run deletes them; the second nothing
        assertThat(dry.get("wouldDelete")).hasSize(6);
        assertThat(afterDryRun).containsAll(ebs);
        assertThat(first.get("deleted")).hasSize(6);
        assertThat(second.get("deleted")).isEmpty();
        assertThat(estate.ebsSnapshotIds()).containsExactly(ebs.getFirst());
        assertThat(estate.rdsSnapshotIds()).containsExactly(rds.getFirst());
        assertThat(estate.auroraSnapshotIds()).containsExactly(aurora.getFirst());
    }

    @Test
    void deployableJarRejectsBadInputNamingTheField() {
        // WHEN the jar gets an input with a misspelt field
        InvocationResult result = jar.invoke(FUNCTION, "{\"dry-run\": true}", overrides());

        // THEN the invocation fails, naming it
        assertThat(result).isInstanceOfSatisfying(InvocationResult.Failure.class,
                failure -> assertThat(failure.errorMessage()).contains("'dry-run'"));
    }

    /** The emulator's state machine ARN does not exist here: retention must treat that as "no restore running". */
    private static Map<String, String> overrides() {
        return Map.of("POWERTOOLS_LOG_LEVEL", "INFO");
    }

    private static JsonNode success(InvocationResult result) {
        assertThat(result).as("invocation result").isInstanceOf(InvocationResult.Success.class);
        try {
            return Json.MAPPER.readTree(((InvocationResult.Success) result).json());
        } catch (IOException e) {
            throw new AssertionError("the result is not JSON: " + result, e);
        }
    }
}
