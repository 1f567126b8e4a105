package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.runtime.ColdStart;
import dev.lifeboat.local.runtime.LambdaFunctions;
import dev.lifeboat.local.testing.Emf;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.ledger.DynamoDbLedger;
import dev.lifeboat.shared.ledger.Ledger;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The copy module's three functions ({@code CopySnapshotFunction}, {@code CopyCompletionFunction},
 * {@code CopyStatusPollFunction}) as Lambda runs them: {@code copy-snapshot.jar} extracted as the
 * task root, each handler started cold by the real Runtime Interface Client through its no-arg
 * constructor (so {@code AwsClientFactory.fromProcessEnvironment()} builds its clients from the
 * template's environment), handling one event against moto.
 */
@ExtendWith(MotoExtension.class)
class CopyFunctionsUnderRuntimeInterfaceClientIT {

    private PrimaryEstate estate;
    private LambdaFunctions lambda;
    private FunctionInvoker inProcess;
    private RdsClient primaryRds;
    private Ledger ledger;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new PrimaryEstate(emulator);
        lambda = LambdaFunctions.against(PrimaryEstate.TEMPLATE, emulator.environment(Map.of()));
        inProcess = estate.invoker.fromDeployableJar();
        primaryRds = emulator.client(RdsClient.builder(), Emulator.PRIMARY);
        ledger = new DynamoDbLedger(emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY),
                estate.functionEnvironment().get("LEDGER_TABLE"), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        lambda.close();
    }

    @Test
    void copyFunctionCopiesAProtectedSnapshotToTheRecoveryRegionAndCountsIt() throws Exception {
        // GIVEN a policy document in SSM and a snapshot of a volume under its gold policy
        estate.putPolicyDocument("""
                {"policies": {"gold": {"rpoHours": 4}}}""");
        String volume = estate.volume(Map.of("lifeboat:policy", "gold"));
        String snapshot = estate.snapshot(volume, Map.of("team", "orders"));

        // WHEN the function starts cold and handles the snapshot's event, delivered through its queue
        ColdStart run = lambda.coldStart(PrimaryEstate.FUNCTION, PrimaryEstate.event("ebs-create-snapshot-succeeded.json",
                Map.of("snap-0a1b2c3d4e5f60001", snapshot, "vol-0a1b2c3d4e5f60001", volume)), Map.of());

        // THEN no record failed, the copy is in the recovery region tagged by the policy, and the start was counted
        assertThat(json(run.response()).get("batchItemFailures")).isEmpty();
        assertThat(estate.recoveryCopiesOf(snapshot)).singleElement()
                .satisfies(copy -> assertThat(copy.tags()).anySatisfy(tag -> {
                    assertThat(tag.key()).isEqualTo("lifeboat:policy");
                    assertThat(tag.value()).isEqualTo("gold");
                }));
        assertThat(Emf.metrics(run.log())).filteredOn(metric -> metric.name().equals("CopiesStarted"))
                .singleElement().satisfies(metric -> assertThat(metric.value()).isEqualTo(1.0));
    }

    @Test
    void completionFunctionFreesTheSlotOfAFinishedRdsCopy() throws Exception {
        // GIVEN an RDS snapshot copy in flight (started by the copy function's jar), holding a slot
        String snapshot = "orders-db-nightly";
        primaryRds.createDBInstance(r -> r.dbInstanceIdentifier("orders-db").engine("postgres").dbInstanceClass("db.t3.micro")
                .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20).storageEncrypted(true)
                .tags(Tag.builder().key("lifeboat:policy").value("default").build()));
        primaryRds.createDBSnapshot(r -> r.dbInstanceIdentifier("orders-db").dbSnapshotIdentifier(snapshot));
        success(inProcess.invoke(PrimaryEstate.FUNCTION, PrimaryEstate.eventInEmulatorAccount("rds-db-snapshot-created-manual.json",
                Map.of("orders-db-before-upgrade", snapshot)), Map.of()));
        String target = RdsSnapshotCopyService.targetIdentifier(Emulator.PRIMARY, snapshot);
        assertThat(ledger.slots(CopySlots.pool(ResourceTypes.RDS_SNAPSHOT, Emulator.RECOVERY.id()))).hasSize(1);

        // WHEN the completion function starts cold and handles RDS-EVENT-0060 (copy finished) for it
        ColdStart run = lambda.coldStart("CopyCompletionFunction", PrimaryEstate.eventInEmulatorAccount("rds-db-snapshot-copy-finished.json",
                Map.of("lifeboat-us-east-1-rds-orders-db-2025-03-10-02-05", target, "rds:orders-db-2025-03-10-02-05", snapshot)), Map.of());

        // THEN the slot is free and the copy is recorded as completed
        assertThat(json(run.response()).get("batchItemFailures")).isEmpty();
        assertThat(ledger.slots(CopySlots.pool(ResourceTypes.RDS_SNAPSHOT, Emulator.RECOVERY.id()))).isEmpty();
        assertThat(ledger.recall(CopySlots.copyKey(ResourceTypes.RDS_SNAPSHOT, Emulator.RECOVERY.id(), target)))
                .get().extracting(reference -> reference.get(CopySlots.STATE)).isEqualTo("COMPLETED");
    }

    @Test
    void statusPollFunctionSettlesAnAuroraCopyThatRaisedNoEvent() throws Exception {
        // GIVEN an Aurora cluster snapshot copy holding a slot (Aurora raises no completion event; moto makes it available at once)
        primaryRds.createDBCluster(r -> r.dbClusterIdentifier("inventory-aurora").engine("aurora-postgresql").masterUsername("lifeboat")
                .masterUserPassword("not-a-secret-1").storageEncrypted(true)
                .tags(Tag.builder().key("lifeboat:policy").value("default").build()));
        primaryRds.createDBClusterSnapshot(r -> r.dbClusterIdentifier("inventory-aurora").dbClusterSnapshotIdentifier("inventory-nightly"));
        success(inProcess.invoke(PrimaryEstate.FUNCTION, PrimaryEstate.eventInEmulatorAccount("rds-db-cluster-snapshot-created-manual.json",
                Map.of("inventory-aurora-before-upgrade", "inventory-nightly")), Map.of()));
        assertThat(ledger.slots(CopySlots.pool(ResourceTypes.AURORA_CLUSTER_SNAPSHOT, Emulator.RECOVERY.id()))).hasSize(1);

        // WHEN the poll function starts cold on its schedule's event
        ColdStart run = lambda.coldStart("CopyStatusPollFunction", """
                {"version": "0", "id": "poll-1", "detail-type": "Scheduled Event", "source": "aws.events", "account": "%s",
                 "time": "2026-01-01T00:15:00Z", "region": "us-west-2", "resources": [], "detail": {}}""".formatted(Emulator.ACCOUNT), Map.of());

        // THEN it settled the one copy in flight and freed its slot
        JsonNode answer = json(run.response());
        assertThat(answer.get("inFlight").asInt()).isEqualTo(1);
        assertThat(answer.get("settled").asInt()).isEqualTo(1);
        assertThat(ledger.slots(CopySlots.pool(ResourceTypes.AURORA_CLUSTER_SNAPSHOT, Emulator.RECOVERY.id()))).isEmpty();
    }

    private static void success(InvocationResult result) {
        assertThat(result).as("setting up through the in-process jar").isInstanceOf(InvocationResult.Success.class);
        assertThat(json(((InvocationResult.Success) result).json()).get("batchItemFailures")).isEmpty();
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
