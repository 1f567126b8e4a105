package dev.lifeboat.startrestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.frontdoor.FrontDoor;
import dev.lifeboat.local.frontdoor.FrontDoorExtension;
import dev.lifeboat.local.restore.RestoreWorkflow.Execution;
import dev.lifeboat.shared.json.Json;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The restore workflow as deployed: the state machine from template.yaml, run by moto's
 * interpreter, its SDK integrations against moto's backends and its Lambda tasks running the real
 * handlers in-process through the front door. The requests are the README's, from
 * {@code events/restore-request-*.json}.
 */
@ExtendWith(FrontDoorExtension.class)
class RestoreWorkflowTest {

    private RecoveryEstate estate;
    private Emulator emulator;

    @BeforeEach
    void setUp(Emulator emulator, FrontDoor door) {
        this.emulator = emulator;
        estate = new RecoveryEstate(emulator);
        // the template's poll interval, shortened: the waiting paths run in seconds
        door.useParameters(RecoveryEstate.FAST);
    }

    @Test
    void restoresAnEbsVolumeFromTheCopyTheCopyFunctionMade() {
        // GIVEN a protected volume whose snapshot the copy function copied to the recovery region
        String volume = estate.volumeCopiedByTheCopyFunction();
        String copy = estate.copiesOf(volume).get(0).snapshotId();

        // WHEN the README's EBS request, naming that volume, runs
        Execution execution = run(RecoveryEstate.file("events/restore-request-ebs-volume.json").replace("vol-0a1b2c3d4e5f60001", volume));

        // THEN it succeeds, with a volume restored from the copy, validated, measured and reported
        assertSucceeded(execution);
        Volume restored = restoredVolumeFrom(copy);
        assertThat(restored.availabilityZone()).isEqualTo("us-west-2a");
        assertThat(restored.volumeTypeAsString()).isEqualTo("gp3");
        JsonNode output = json(execution.output().orElseThrow());
        assertThat(output.path("status").asText()).isEqualTo("RESTORED");
        assertThat(output.path("restoredResource").asText()).isEqualTo(restored.volumeId());
        assertThat(output.path("checks").findValuesAsText("name")).containsExactly("available", "matches-recovery-point");
        assertThat(estate.notifications()).singleElement().asString().contains("succeeded", volume, copy, restored.volumeId());
        assertThat(execution.states()).containsSubsequence("ValidateRestore", "RecordRto", "NotifySuccess", "PublishSuccess", "Summarize", "RestoreSucceeded");
        assertThat(execution.history()).noneMatch(event -> event.taskFailedEventDetails() != null);
    }

    @Test
    void restoresAnRdsInstanceAndCutsDnsOverToIt() {
        // GIVEN a copy of orders-db and a private hosted zone
        String copy = estate.rdsCopy("orders-db", "orders-db-copy-1", "2025-03-10T03:00:00Z");
        Route53Client route53 = emulator.client(Route53Client.builder(), Region.AWS_GLOBAL);
        String zone = route53.createHostedZone(r -> r.name("internal.example.com").callerReference("restore-test")).hostedZone().id()
                .replace("/hostedzone/", "");

        // WHEN the README's RDS request runs with a DNS cutover
        Execution execution = run(RecoveryEstate.file("events/restore-request-rds-instance.json").replace("\"cleanupOnFailure\": true",
                "\"cleanupOnFailure\": true, \"dnsCutover\": {\"hostedZoneId\": \"" + zone + "\", \"recordName\": \"orders-db.internal.example.com\"}"));

        // THEN the instance is restored from the copy, and the record points at its endpoint
        assertSucceeded(execution);
        DBInstance restored = estate.rds.describeDBInstances(r -> r.dbInstanceIdentifier("orders-db-restored")).dbInstances().get(0);
        assertThat(restored.dbInstanceClass()).isEqualTo("db.t4g.medium");
        assertThat(restored.tagList()).anySatisfy(tag -> assertThat(tag.value()).isEqualTo(copy));
        List<ResourceRecordSet> records = route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets();
        assertThat(records).filteredOn(record -> record.typeAsString().equals("CNAME")).singleElement().satisfies(record -> {
            assertThat(record.name()).startsWith("orders-db.internal.example.com");
            assertThat(record.ttl()).isEqualTo(60L);
            assertThat(record.resourceRecords().get(0).value()).isEqualTo(restored.endpoint().address());
        });
    }

    @Test
    void restoresAnAuroraClusterWithItsInstancesFromTheNewestCopy() {
        // GIVEN two copies of payments-cluster, one older
        estate.auroraCopy("payments-cluster", "payments-old", "2025-03-09T03:00:00Z");
        String newest = estate.auroraCopy("payments-cluster", "payments-new", "2025-03-10T03:00:00Z");

        // WHEN the README's Aurora request runs as it is
        Execution execution = run(RecoveryEstate.file("events/restore-request-aurora-cluster.json"));

        // THEN the cluster comes back from the newest copy, with two instances of the class asked for
        assertSucceeded(execution);
        assertThat(estate.rds.describeDBClusters(r -> r.dbClusterIdentifier("payments-restored")).dbClusters().get(0).tagList())
                .anySatisfy(tag -> assertThat(tag.value()).isEqualTo(newest));
        assertThat(estate.rds.describeDBInstances().dbInstances()).filteredOn(i -> "payments-restored".equals(i.dbClusterIdentifier()))
                .extracting(DBInstance::dbInstanceIdentifier).containsExactlyInAnyOrder("payments-restored-1", "payments-restored-2");
    }

    @Test
    void restoresTheReadmesEbsRequestAsItIs() {
        // GIVEN a Lifeboat copy of the README's volume in the recovery region
        String copy = estate.ebsCopy("vol-0a1b2c3d4e5f60001", "2025-03-10T03:00:00Z");

        // WHEN the README's EBS request runs as it is
        Execution execution = run(RecoveryEstate.file("events/restore-request-ebs-volume.json"));

        // THEN it succeeds
        assertSucceeded(execution);
        assertThat(restoredVolumeFrom(copy).volumeId()).isNotBlank();
    }

    @Test
    void failsWithNoRecoveryPointWhenNoCopyExists() {
        // GIVEN no copy of orders-db at all

        // WHEN the README's RDS request runs
        Execution execution = run(RecoveryEstate.file("events/restore-request-rds-instance.json"));

        // THEN it fails precisely, says so, and created nothing
        assertThat(execution.succeeded()).isFalse();
        assertThat(execution.error()).hasValue("Lifeboat.NoRecoveryPoint");
        assertThat(execution.cause()).hasValueSatisfying(cause -> assertThat(cause).contains("orders-db", "us-west-2", "rds-snapshot"));
        assertThat(execution.states()).doesNotContain("RestoreDbInstance");
        assertThat(estate.notifications()).singleElement().asString()
                .contains("FAILED", "Lifeboat.NoRecoveryPoint", "nothing was created");
    }

    @Test
    void aWrongInputFailsInTheFirstStateNamingTheField() {
        // WHEN a request with a misspelt resource type runs
        Execution execution = run("""
                {"resourceType": "rds-instances", "sourceResource": "orders-db", "target": {"instanceClass": "db.t4g.medium"}}""");

        // THEN the first state rejects it, naming the field, and the restore goes no further
        assertThat(execution.error()).hasValue("Lifeboat.InvalidRestoreRequest");
        assertThat(execution.cause()).hasValueSatisfying(cause -> assertThat(cause).contains("field 'resourceType'", "rds-instances"));
        assertThat(execution.states()).containsExactly("ResolveRecoveryPoint", "CanRestore", "NothingToCleanUp", "NotifyFailure", "PublishFailure", "RestoreFailed");
    }

    @Test
    void failedValidationIsReportedAndTheRestoredInstanceCleanedUpWhenAsked() throws Exception {
        // GIVEN a copy of orders-db, and a port nothing listens on
        estate.rdsCopy("orders-db", "orders-db-copy-1", "2025-03-10T03:00:00Z");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        // WHEN the restore's TCP probe must connect there, with cleanupOnFailure
        Execution execution = run(RecoveryEstate.file("events/restore-request-rds-instance.json").replace("\"cleanupOnFailure\": true",
                "\"cleanupOnFailure\": true, \"validation\": {\"endpoint\": {\"address\": \"127.0.0.1\", \"port\": " + closedPort
                        + "}, \"tcp\": true}"));

        // THEN validation fails, naming the check, and the restored instance is deleted
        assertThat(execution.error()).hasValue("Lifeboat.ValidationFailed");
        assertThat(execution.cause()).hasValueSatisfying(cause -> assertThat(cause).contains("tcp", "127.0.0.1:" + closedPort));
        assertThat(execution.states()).contains("DeleteDbInstance", "CleanedUp");
        assertThat(estate.rds.describeDBInstances().dbInstances()).noneMatch(i -> i.dbInstanceIdentifier().equals("orders-db-restored"));
        assertThat(estate.notifications()).singleElement().asString().contains("Lifeboat.ValidationFailed", "deleted orders-db-restored");
    }

    @Test
    void restoresWithThePrimaryRegionUnreachable(FrontDoor door) {
        // GIVEN a copy made while the primary region was up, and then the primary region gone
        String volume = estate.volumeCopiedByTheCopyFunction();
        int before = door.passages().size();
        door.refuseRegion(RecoveryEstate.PRIMARY);

        // WHEN the restore runs
        Execution execution = run(RecoveryEstate.file("events/restore-request-ebs-volume.json").replace("vol-0a1b2c3d4e5f60001", volume));

        // THEN it succeeds, and nothing in it even tried the primary region
        assertSucceeded(execution);
        List<FrontDoor.Passage> during = door.passages().subList(before, door.passages().size());
        assertThat(during).isNotEmpty().noneMatch(FrontDoor.Passage::refused);
        assertThat(during).extracting(FrontDoor.Passage::region).doesNotContain(RecoveryEstate.PRIMARY);
    }

    private Execution run(String input) {
        return estate.workflow.run("restore-" + System.nanoTime(), input, line -> { });
    }

    private Volume restoredVolumeFrom(String copy) {
        return estate.ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag:lifeboat:restored-from").values(copy).build()))
                .volumes().get(0);
    }

    private static void assertSucceeded(Execution execution) {
        assertThat(execution.succeeded()).as("%s: %s: %s; states %s; failed tasks %s", execution.status(), execution.error().orElse(""),
                execution.cause().orElse(""), execution.states(), execution.history().stream()
                        .filter(event -> event.taskFailedEventDetails() != null)
                        .map(event -> event.taskFailedEventDetails().error() + ": " + event.taskFailedEventDetails().cause()).toList()).isTrue();
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
