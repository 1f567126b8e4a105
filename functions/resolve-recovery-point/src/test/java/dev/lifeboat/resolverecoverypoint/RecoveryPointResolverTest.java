package dev.lifeboat.resolverecoverypoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.restore.ResourceKind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The plan the resolver hands the restore workflow: its RDS parameters are spelled as Step
 * Functions' {@code aws-sdk:rds} integration takes them on AWS (SDK for Java v2 member names), and
 * every plan field the template's RDS tasks read is there.
 */
class RecoveryPointResolverTest {

    private static final Instant CREATED = Instant.parse("2025-03-10T02:00:00Z");
    private static final RecoveryPoint DB_SNAPSHOT = new RecoveryPoint(ResourceKind.RDS_INSTANCE, "lifeboat-us-east-1-orders-db-1",
            "arn:aws:rds:us-west-2:123456789012:snapshot:lifeboat-us-east-1-orders-db-1", "orders-db", CREATED, true,
            Optional.of("postgres"), Map.of());
    private static final RecoveryPoint CLUSTER_SNAPSHOT = new RecoveryPoint(ResourceKind.AURORA_CLUSTER, "lifeboat-us-east-1-payments-1",
            "arn:aws:rds:us-west-2:123456789012:cluster-snapshot:lifeboat-us-east-1-payments-1", "payments", CREATED, true,
            Optional.of("aurora-mysql"), Map.of());
    private static final RecoveryPoint BACKUP_POINT = new RecoveryPoint(ResourceKind.BACKUP_RECOVERY_POINT,
            "arn:aws:backup:us-west-2:123456789012:recovery-point:rp-1", "arn:aws:backup:us-west-2:123456789012:recovery-point:rp-1",
            "arn:aws:rds:us-east-1:123456789012:db:ledger", CREATED, true, Optional.empty(), Map.of());

    private final RecoveryPointResolver resolver = new RecoveryPointResolver(new OneOfEach(), settings(), "us-west-2");

    @Test
    void rdsInstancePlanSpellsItsParametersAsTheSdkIntegrationTakesThemOnAws() {
        JsonNode api = plan("""
                {"resourceType": "rds-instance", "sourceResource": "orders-db",
                 "target": {"identifier": "orders-db-restored", "instanceClass": "db.t4g.medium", "subnetGroup": "recovery-db-subnets"}}""")
                .path("restoreRequest");

        assertThat(names(api)).containsExactly("DbInstanceIdentifier", "DbSnapshotIdentifier", "DbInstanceClass", "DbSubnetGroupName",
                "VpcSecurityGroupIds", "Tags");
        assertThat(api.path("DbInstanceIdentifier").asText()).isEqualTo("orders-db-restored");
        assertThat(api.path("DbSnapshotIdentifier").asText()).isEqualTo(DB_SNAPSHOT.id());
        assertThat(api.path("VpcSecurityGroupIds").get(0).asText()).isEqualTo("sg-0123456789abcdef0");
    }

    @Test
    void auroraPlanSpellsTheClusterAndEachInstanceAsTheSdkIntegrationTakesThemOnAws() {
        JsonNode plan = plan("""
                {"resourceType": "aurora-cluster", "sourceResource": "payments",
                 "target": {"identifier": "payments-restored", "subnetGroup": "recovery-db-subnets", "instanceCount": 2}}""");

        assertThat(names(plan.path("restoreRequest"))).containsExactly("DbClusterIdentifier", "SnapshotIdentifier", "Engine",
                "DbSubnetGroupName", "VpcSecurityGroupIds", "Tags");
        assertThat(plan.path("instanceRequests")).hasSize(2).allSatisfy(instance -> assertThat(names(instance))
                .containsExactly("DbInstanceIdentifier", "DbClusterIdentifier", "Engine", "DbInstanceClass", "Tags"));
        assertThat(plan.path("instanceRequests").get(1).path("DbInstanceIdentifier").asText()).isEqualTo("payments-restored-2");
        assertThat(plan.path("instanceRequests").get(0).path("DbInstanceClass").asText()).isEqualTo("db.r6g.large");
    }

    @Test
    void backupRestoreMetadataKeepsTheKeysAwsBackupDocuments() {
        // Metadata is a map of strings, not SDK members: its keys are AWS Backup's own
        JsonNode metadata = plan("""
                {"resourceType": "backup-recovery-point", "sourceResource": "arn:aws:rds:us-east-1:123456789012:db:ledger",
                 "target": {"identifier": "ledger-restored", "instanceClass": "db.t4g.large", "subnetGroup": "recovery-db-subnets"}}""")
                .path("restoreRequest").path("Metadata");

        assertThat(metadata.path("DBInstanceIdentifier").asText()).isEqualTo("ledger-restored");
        assertThat(metadata.path("DBInstanceClass").asText()).isEqualTo("db.t4g.large");
        assertThat(metadata.path("DBSubnetGroupName").asText()).isEqualTo("recovery-db-subnets");
        assertThat(metadata.has("DbInstanceIdentifier")).isFalse();
    }

    @Test
    void everyPlanFieldTheTemplatesRdsTasksReadIsInThePlan() {
        JsonNode definition = Json.MAPPER.valueToTree(Template.loadFrom(RepoRoot.find()).resource("RestoreStateMachine").properties()
                .get("Definition"));
        JsonNode states = definition.path("States");
        JsonNode rds = plan("""
                {"resourceType": "rds-instance", "sourceResource": "orders-db",
                 "target": {"instanceClass": "db.t4g.medium", "subnetGroup": "recovery-db-subnets"}}""");
        JsonNode aurora = plan("""
                {"resourceType": "aurora-cluster", "sourceResource": "payments", "target": {"subnetGroup": "recovery-db-subnets"}}""");

        assertPathsResolve(states.path("RestoreDbInstance").path("Parameters"), "$.plan.", rds);
        assertPathsResolve(states.path("RestoreAuroraCluster").path("Parameters"), "$.plan.", aurora);
        assertPathsResolve(states.path("CreateAuroraInstances").path("ItemProcessor").path("States").path("CreateAuroraInstance")
                .path("Parameters"), "$.", aurora.path("instanceRequests").get(0));
    }

    private static void assertPathsResolve(JsonNode parameters, String prefix, JsonNode input) {
        assertThat(parameters.isObject()).as("the task's Parameters").isTrue();
        parameters.properties().stream().filter(field -> field.getKey().endsWith(".$")).forEach(field -> {
            String path = field.getValue().asText();
            assertThat(path).startsWith(prefix);
            JsonNode found = input.at("/" + path.substring(prefix.length()).replace('.', '/'));
            assertThat(found.isMissingNode()).as("%s = %s is in the plan", field.getKey(), path).isFalse();
        });
    }

    private JsonNode plan(String request) {
        try {
            ObjectNode state = resolver.resolve(Json.MAPPER.readTree(request), "orders-db-dr-2025-03-10");
            assertThat(state.has("failure")).as("resolved without failure: %s", state.path("failure")).isFalse();
            return state.path("plan");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ResolverSettings settings() {
        Map<ResourceKind, Integer> limits = new EnumMap<>(ResourceKind.class);
        for (ResourceKind kind : ResourceKind.values()) {
            limits.put(kind, 3600);
        }
        return new ResolverSettings(30, limits, "db.r6g.large", "lifeboat-recovery", "arn:aws:iam::123456789012:role/lifeboat-backup-restore");
    }

    /** The recovery region with one copy of each kind, for planning only: finding copies is tested against moto in the workflow. */
    private static final class OneOfEach implements RecoveryPoints {

        @Override
        public List<RecoveryPoint> copiesOf(ResourceKind kind, String sourceResource) {
            return List.of(DB_SNAPSHOT, CLUSTER_SNAPSHOT, BACKUP_POINT).stream()
                    .filter(point -> point.kind() == kind && point.sourceResource().equals(sourceResource)).toList();
        }

        @Override
        public Optional<RecoveryPoint> named(ResourceKind kind, String id) {
            return List.of(DB_SNAPSHOT, CLUSTER_SNAPSHOT, BACKUP_POINT).stream().filter(point -> point.id().equals(id)).findFirst();
        }

        @Override
        public String defaultAvailabilityZone() {
            return "us-west-2a";
        }

        @Override
        public String defaultSecurityGroup(String dbSubnetGroup) {
            return "sg-0123456789abcdef0";
        }

        @Override
        public Map<String, String> restoreMetadata(String recoveryPointArn) {
            return Map.of("DBInstanceIdentifier", "ledger", "Engine", "postgres");
        }
    }
}
