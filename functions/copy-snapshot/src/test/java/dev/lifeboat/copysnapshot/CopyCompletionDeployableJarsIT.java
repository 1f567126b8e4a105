package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.ledger.DynamoDbLedger;
import dev.lifeboat.shared.ledger.Ledger;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The completion and poll functions as {@code sam deploy} uploads them: the shrunk deployable jar,
 * on its own class loader, invoked through the template ({@code CopyCompletionFunction},
 * {@code CopyStatusPollFunction}) against moto. The copies they settle are started by the copy
 * function's jar.
 */
@ExtendWith(MotoExtension.class)
class CopyCompletionDeployableJarsIT {

    private static final String SAMPLE_SOURCE = "rds:orders-db-2025-03-10-02-05";
    private static final String SAMPLE_COPY = "lifeboat-us-east-1-rds-orders-db-2025-03-10-02-05";

    private PrimaryEstate estate;
    private FunctionInvoker jar;
    private RdsClient primary;
    private Ledger ledger;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new PrimaryEstate(emulator);
        jar = estate.invoker.fromDeployableJar();
        primary = emulator.client(RdsClient.builder(), Emulator.PRIMARY);
        ledger = new DynamoDbLedger(emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY),
                estate.functionEnvironment().get("LEDGER_TABLE"), Clock.systemUTC());
    }

    @Test
    void completionJarFreesTheSlotOfAFinishedRdsCopyAndRejectsAMalformedRecord() {
        // GIVEN an RDS snapshot copy in flight, holding a slot
        String snapshot = copiedDbSnapshot("orders-db-nightly");
        assertThat(slots(ResourceTypes.RDS_SNAPSHOT)).hasSize(1);

        // WHEN the jar handles RDS-EVENT-0060 (copy finished) for it, and a record that is not an event
        JsonNode finished = success(jar.invoke("CopyCompletionFunction", PrimaryEstate.eventInEmulatorAccount(
                "rds-db-snapshot-copy-finished.json", Map.of(SAMPLE_COPY, target(snapshot), SAMPLE_SOURCE, snapshot)), Map.of()));
        JsonNode malformed = success(jar.invoke("CopyCompletionFunction", "{\"detail-type\": 7}", Map.of()));

        // THEN the slot is free and the copy recorded as completed; only the malformed record failed
        assertThat(finished.get("batchItemFailures")).isEmpty();
        assertThat(malformed.get("batchItemFailures")).hasSize(1);
        assertThat(slots(ResourceTypes.RDS_SNAPSHOT)).isEmpty();
        assertThat(ledger.recall(CopySlots.copyKey(ResourceTypes.RDS_SNAPSHOT, Emulator.RECOVERY.id(), target(snapshot))))
                .get().extracting(reference -> reference.get(CopySlots.STATE)).isEqualTo("COMPLETED");
    }

    @Test
    void pollJarSettlesAnAuroraCopyThatRaisedNoEvent() {
        // GIVEN an Aurora cluster snapshot copy holding a slot (Aurora raises no completion event; moto makes it available at once)
        primary.createDBCluster(r -> r.dbClusterIdentifier("inventory-aurora").engine("aurora-postgresql").masterUsername("lifeboat")
                .masterUserPassword("not-a-secret-1").storageEncrypted(true)
                .tags(Tag.builder().key("lifeboat:policy").value("default").build()));
        primary.createDBClusterSnapshot(r -> r.dbClusterIdentifier("inventory-aurora").dbClusterSnapshotIdentifier("inventory-nightly"));
        assertThat(copy(PrimaryEstate.eventInEmulatorAccount("rds-db-cluster-snapshot-created-manual.json",
                Map.of("inventory-aurora-before-upgrade", "inventory-nightly")))).isEmpty();
        assertThat(slots(ResourceTypes.AURORA_CLUSTER_SNAPSHOT)).hasSize(1);

        // WHEN the jar runs on its schedule's event
        JsonNode result = success(jar.invoke("CopyStatusPollFunction", """
                {"version": "0", "id": "poll-1", "detail-type": "Scheduled Event", "source": "aws.events", "account": "%s",
                 "time": "2026-01-01T00:15:00Z", "region": "us-west-2", "resources": [], "detail": {}}""".formatted(Emulator.ACCOUNT), Map.of()));

        // THEN it looked at the one copy in flight, settled it, and its slot is free
        assertThat(result.get("inFlight").asInt()).isEqualTo(1);
        assertThat(result.get("settled").asInt()).isEqualTo(1);
        assertThat(slots(ResourceTypes.AURORA_CLUSTER_SNAPSHOT)).isEmpty();
        assertThat(ledger.recall(CopySlots.copyKey(ResourceTypes.AURORA_CLUSTER_SNAPSHOT, Emulator.RECOVERY.id(), target("inventory-nightly"))))
                .get().extracting(reference -> reference.get(CopySlots.STATE)).isEqualTo("COMPLETED");
    }

    private String copiedDbSnapshot(String snapshot) {
        primary.createDBInstance(r -> r.dbInstanceIdentifier("orders-db").engine("postgres").dbInstanceClass("db.t3.micro")
                .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20).storageEncrypted(true)
                .tags(Tag.builder().key("lifeboat:policy").value("default").build()));
        primary.createDBSnapshot(r -> r.dbInstanceIdentifier("orders-db").dbSnapshotIdentifier(snapshot));
        assertThat(copy(PrimaryEstate.eventInEmulatorAccount("rds-db-snapshot-created-manual.json",
                Map.of("orders-db-before-upgrade", snapshot)))).isEmpty();
        return snapshot;
    }

    /** The copy function's jar handles the event; its batch item failures. */
    private JsonNode copy(String event) {
        return success(jar.invoke(PrimaryEstate.FUNCTION, event, Map.of())).get("batchItemFailures");
    }

    private java.util.Set<String> slots(String type) {
        return ledger.slots(CopySlots.pool(type, Emulator.RECOVERY.id())).keySet();
    }

    private static String target(String snapshot) {
        return RdsSnapshotCopyService.targetIdentifier(Emulator.PRIMARY, snapshot);
    }

    private static JsonNode success(InvocationResult result) {
        assertThat(result).as("invocation result").isInstanceOf(InvocationResult.Success.class);
        try {
            return Json.MAPPER.readTree(((InvocationResult.Success) result).json());
        } catch (Exception e) {
            throw new AssertionError("the result is not JSON: " + result, e);
        }
    }
}
