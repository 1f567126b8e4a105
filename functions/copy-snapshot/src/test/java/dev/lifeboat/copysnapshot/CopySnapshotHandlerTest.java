package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.ledger.DynamoDbLedger;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Tag;

/** The copy function against the moto emulator, fed the sample events from {@code events/}. */
@ExtendWith(MotoExtension.class)
class CopySnapshotHandlerTest {

    private static final String SAMPLE_SNAPSHOT = "snap-0a1b2c3d4e5f60001";
    private static final String SAMPLE_VOLUME = "vol-0a1b2c3d4e5f60001";
    private static final String SUCCEEDED = "ebs-create-snapshot-succeeded.json";

    private PrimaryEstate estate;
    private CopySnapshotHandler handler;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new PrimaryEstate(emulator);
        handler = new CopySnapshotHandler(estate.functionEnvironment());
    }

    @Test
    void copiesTaggedSnapshotToRecoveryRegionEncryptedWithRecoveryKeyWithProvenanceTags() {
        // GIVEN a snapshot of a volume, the snapshot tagged with the default policy
        String volume = estate.volume(Map.of("Name", "orders-db-data"));
        String snapshot = estate.snapshot(volume, Map.of("lifeboat:policy", "default", "team", "orders"));

        // WHEN its createSnapshot event arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(
                () -> invoke(PrimaryEstate.sqsEvent(succeededEvent(snapshot, volume))));

        // THEN one copy exists in the recovery region, encrypted with the recovery key, telling where it came from
        assertThat(result.value().getBatchItemFailures()).isEmpty();
        assertThat(result.jsonLines()).filteredOn(line -> line.contains("\"_aws\""))
                .singleElement().asString().contains("\"Namespace\":\"Lifeboat\"", "\"CopiesStarted\":1.0");
        assertThat(estate.recoveryCopies()).singleElement().satisfies(copy -> {
            assertThat(copy.kmsKeyId()).isEqualTo(PrimaryEstate.RECOVERY_KEY_ALIAS);
            assertThat(copy.encrypted()).isTrue();
            assertThat(copy.description()).contains(snapshot, volume, "us-east-1", "policy default");
            assertThat(tags(copy))
                    .containsEntry("lifeboat:managed", "true")
                    .containsEntry("lifeboat:policy", "default")
                    .containsEntry("lifeboat:resource-type", "ebs-snapshot")
                    .containsEntry("lifeboat:source-id", snapshot)
                    .containsEntry("lifeboat:source-arn", "arn:aws:ec2:us-east-1::snapshot/" + snapshot)
                    .containsEntry("lifeboat:source-region", "us-east-1")
                    .containsEntry("lifeboat:source-account", "111122223333")
                    .containsEntry("lifeboat:source-resource", volume)
                    .containsEntry("team", "orders")
                    .containsKey("lifeboat:created-at");
        });
    }

    @Test
    void copiesSnapshotWhosePolicyTagIsOnItsVolume() {
        // GIVEN a volume tagged with the policy and an untagged snapshot of it
        String volume = estate.volume(Map.of("lifeboat:policy", "default"));
        String snapshot = estate.snapshot(volume, Map.of());

        // WHEN its event arrives
        SQSBatchResponse response = invoke(PrimaryEstate.sqsEvent(succeededEvent(snapshot, volume)));

        // THEN it is copied
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(estate.recoveryCopiesOf(snapshot)).hasSize(1);
    }

    @Test
    void copiesToTheRecoveryRegionOfThePolicyTheTagNamesInThePolicyDocument() {
        // GIVEN a policy document in SSM whose 'gold' policy recovers to eu-west-1, and a volume tagged gold
        estate.putPolicyDocument("""
                {"policies": {"gold": {"rpoHours": 4, "recoveryRegion": "eu-west-1"}}}""");
        String volume = estate.volume(Map.of("lifeboat:policy", "gold"));
        String snapshot = estate.snapshot(volume, Map.of());

        // WHEN its event arrives
        SQSBatchResponse response = invoke(PrimaryEstate.sqsEvent(succeededEvent(snapshot, volume)));

        // THEN the copy is made in eu-west-1, under the gold policy, with the default policy's key
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(estate.recoveryCopies()).isEmpty();
        Ec2Client ireland = estate.emulator.client(Ec2Client.builder(), Region.EU_WEST_1);
        assertThat(ireland.describeSnapshots(r -> r.filters(Filter.builder().name("tag:lifeboat:source-id").values(snapshot).build()))
                .snapshots()).singleElement().satisfies(copy -> {
                    assertThat(tags(copy)).containsEntry("lifeboat:policy", "gold");
                    assertThat(copy.kmsKeyId()).isEqualTo(PrimaryEstate.RECOVERY_KEY_ALIAS);
                });
    }

    @Test
    void invalidPolicyDocumentFailsEveryRecordLoudlyInsteadOfFallingBackToTheDefault() {
        // GIVEN a policy document with a mistake, and a protected snapshot
        estate.putPolicyDocument("""
                {"policies": {"gold": {"rpoHours": "soon"}}}""");
        String volume = estate.volume(Map.of("lifeboat:policy", "default"));
        String snapshot = estate.snapshot(volume, Map.of());

        // WHEN its event arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(
                () -> invoke(PrimaryEstate.sqsEvent(succeededEvent(snapshot, volume))));

        // THEN the record fails, naming the field, and nothing is copied
        assertThat(result.value().getBatchItemFailures()).hasSize(1);
        assertThat(estate.recoveryCopies()).isEmpty();
        assertThat(result.output()).contains("policies.gold.rpoHours");
    }

    @Test
    void duplicateEventStartsOneCopy() {
        // GIVEN a protected snapshot whose event is delivered twice (EventBridge delivers at least once)
        String volume = estate.volume(Map.of("lifeboat:policy", "default"));
        String snapshot = estate.snapshot(volume, Map.of());
        String event = succeededEvent(snapshot, volume);

        // WHEN both deliveries are handled, in two invocations
        SQSBatchResponse first = invoke(PrimaryEstate.sqsEvent(event));
        CapturedStdout.Result<SQSBatchResponse> second = CapturedStdout.capture(() -> invoke(PrimaryEstate.sqsEvent(event)));

        // THEN one copy exists and the second delivery says it was already copied
        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(second.value().getBatchItemFailures()).isEmpty();
        assertThat(estate.recoveryCopiesOf(snapshot)).hasSize(1);
        assertThat(second.output()).contains("is already copied to us-west-2");
    }

    @Test
    void copyStartedBeforeACrashIsAdoptedNotRepeated() {
        // GIVEN a copy that an earlier invocation started just before it crashed, unrecorded in the ledger
        // but for that invocation's claim, whose lease has since run out
        String volume = estate.volume(Map.of("lifeboat:policy", "default"));
        String snapshot = estate.snapshot(volume, Map.of());
        new DynamoDbLedger(estate.emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY), estate.functionEnvironment().get("LEDGER_TABLE"),
                Clock.offset(Clock.systemUTC(), SnapshotCopyService.CLAIM_LEASE.plusMinutes(1).negated()))
                .claim("copy/ebs/us-east-1/" + snapshot + "/us-west-2", SnapshotCopyService.CLAIM_LEASE);
        String earlier = estate.recoveryEc2.copySnapshot(r -> r.sourceRegion("us-east-1").sourceSnapshotId(snapshot)
                .presignedUrl("https://emulator.invalid/").encrypted(true).kmsKeyId(PrimaryEstate.RECOVERY_KEY_ALIAS)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT).tags(
                        Tag.builder().key("lifeboat:managed").value("true").build(),
                        Tag.builder().key("lifeboat:source-id").value(snapshot).build(),
                        Tag.builder().key("lifeboat:source-region").value("us-east-1").build()).build())).snapshotId();

        // WHEN the event is delivered again
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(
                () -> invoke(PrimaryEstate.sqsEvent(succeededEvent(snapshot, volume))));

        // THEN the earlier copy is recognised and no second one is started
        assertThat(result.value().getBatchItemFailures()).isEmpty();
        assertThat(estate.recoveryCopiesOf(snapshot)).extracting(Snapshot::snapshotId).containsExactly(earlier);
        assertThat(result.output()).contains("already copied to us-west-2 as " + earlier);
    }

    @Test
    void sameSnapshotInSingleAndMultiVolumeEventsStartsOneCopy() {
        // GIVEN three protected volumes snapshotted together, one of them also reported alone
        String[] volumes = new String[3];
        String[] snapshots = new String[3];
        for (int i = 0; i < 3; i++) {
            volumes[i] = estate.volume(Map.of("lifeboat:policy", "default"));
            snapshots[i] = estate.snapshot(volumes[i], Map.of());
        }
        String multi = PrimaryEstate.event("ebs-create-snapshots-succeeded.json", Map.of(
                "snap-0a1b2c3d4e5f60011", snapshots[0], "vol-0a1b2c3d4e5f60011", volumes[0],
                "snap-0a1b2c3d4e5f60012", snapshots[1], "vol-0a1b2c3d4e5f60012", volumes[1],
                "snap-0a1b2c3d4e5f60013", snapshots[2], "vol-0a1b2c3d4e5f60013", volumes[2]));

        // WHEN both events arrive in one batch
        SQSBatchResponse response = invoke(PrimaryEstate.sqsEvent(succeededEvent(snapshots[0], volumes[0]), multi));

        // THEN each snapshot has exactly one copy
        assertThat(response.getBatchItemFailures()).isEmpty();
        for (String snapshot : snapshots) {
            assertThat(estate.recoveryCopiesOf(snapshot)).as("copies of %s", snapshot).hasSize(1);
        }
        assertThat(estate.recoveryCopies()).hasSize(3);
    }

    @Test
    void snapshotWithoutPolicyIsNotCopiedAndTheLogSaysWhy() {
        // GIVEN a snapshot with no policy tag on it or its volume
        String volume = estate.volume(Map.of("Name", "scratch"));
        String snapshot = estate.snapshot(volume, Map.of());

        // WHEN its event arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(
                () -> invoke(PrimaryEstate.sqsEvent(succeededEvent(snapshot, volume))));

        // THEN nothing is copied, the record is done with, and one log line says why
        assertThat(result.value().getBatchItemFailures()).isEmpty();
        assertThat(estate.recoveryCopies()).isEmpty();
        assertThat(result.jsonLines()).filteredOn(line -> line.contains("Not copying " + snapshot))
                .singleElement().asString().contains("lifeboat:policy");
    }

    @Test
    void copysOwnEventFromTheRecoveryRegionIsNotCopiedAgain() {
        // GIVEN a protected snapshot that was copied once
        String volume = estate.volume(Map.of("lifeboat:policy", "default"));
        String snapshot = estate.snapshot(volume, Map.of());
        invoke(PrimaryEstate.sqsEvent(succeededEvent(snapshot, volume)));
        String copy = estate.recoveryCopiesOf(snapshot).getFirst().snapshotId();

        // WHEN the copy's own copySnapshot event reaches the function
        SQSBatchResponse response = invoke(PrimaryEstate.sqsEvent(PrimaryEstate.event("ebs-copy-snapshot-succeeded.json",
                Map.of("snap-0f9e8d7c6b5a40001", copy, SAMPLE_SNAPSHOT, snapshot))));

        // THEN no further copy is made
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(estate.recoveryCopies()).hasSize(1);
    }

    @Test
    void snapshotTaggedAsLifeboatCopyIsNeverCopied() {
        // GIVEN a snapshot in the primary region that is itself a Lifeboat copy (another stack's recovery region)
        String volume = estate.volume(Map.of("lifeboat:policy", "default"));
        String snapshot = estate.snapshot(volume, Map.of("lifeboat:managed", "true", "lifeboat:policy", "default"));

        // WHEN a createSnapshot event names it
        SQSBatchResponse response = invoke(PrimaryEstate.sqsEvent(succeededEvent(snapshot, volume)));

        // THEN it is not copied
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(estate.recoveryCopies()).isEmpty();
    }

    @Test
    void malformedRecordsFailAloneWithMessagesNamingTheFieldWhileGoodRecordsAreCopied() {
        // GIVEN a batch with one good record and three bad ones
        String volume = estate.volume(Map.of("lifeboat:policy", "default"));
        String snapshot = estate.snapshot(volume, Map.of());
        String good = succeededEvent(snapshot, volume);
        String notJson = "{\"detail-type\": \"EBS Snapshot Notification\", ";
        String wrongType = good.replace("\"EBS Snapshot Notification\"", "\"EC2 Instance State-change Notification\"");
        String missingSnapshotId = good.replaceAll("\"snapshot_id\": \"[^\"]*\",", "");
        SQSEvent batch = PrimaryEstate.sqsEvent(notJson, good, wrongType, missingSnapshotId);

        // WHEN the batch is handled
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> invoke(batch));

        // THEN exactly the bad records are reported as failures, and the good one is copied
        assertThat(result.value().getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactlyInAnyOrder(messageId(batch, 0), messageId(batch, 2), messageId(batch, 3));
        assertThat(estate.recoveryCopiesOf(snapshot)).hasSize(1);
        assertThat(result.jsonLines()).filteredOn(line -> line.contains("Rejected record"))
                .hasSize(3)
                .anySatisfy(line -> assertThat(line).contains("not JSON"))
                .anySatisfy(line -> assertThat(line).contains("field 'detail-type'"))
                .anySatisfy(line -> assertThat(line).contains("field 'detail.snapshot_id': missing"));
    }

    @Test
    void policyNamedByTagButNotDefinedFailsTheRecordNamingThePolicy() {
        // GIVEN a snapshot tagged with a policy nobody defined
        String volume = estate.volume(Map.of("lifeboat:policy", "platinum"));
        String snapshot = estate.snapshot(volume, Map.of());
        SQSEvent batch = PrimaryEstate.sqsEvent(succeededEvent(snapshot, volume));

        // WHEN its event arrives
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> invoke(batch));

        // THEN the record fails (to be retried, then parked) and the log names the policy
        assertThat(result.value().getBatchItemFailures()).hasSize(1);
        assertThat(estate.recoveryCopies()).isEmpty();
        assertThat(result.output()).contains("policy 'platinum'", "not defined");
    }

    private SQSBatchResponse invoke(SQSEvent event) {
        return handler.handleRequest(event, LambdaTestContext.forFunction("lifeboat-copy-snapshot"));
    }

    private static String succeededEvent(String snapshot, String volume) {
        return PrimaryEstate.event(SUCCEEDED, Map.of(SAMPLE_SNAPSHOT, snapshot, SAMPLE_VOLUME, volume));
    }

    private static String messageId(SQSEvent event, int index) {
        return event.getRecords().get(index).getMessageId();
    }

    private static Map<String, String> tags(Snapshot snapshot) {
        return snapshot.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
