package dev.lifeboat.copysnapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.json.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and unexpected events of every kind the copy function takes: each fails its own
 * record, naming the field, while a good record in the same batch is copied.
 */
@ExtendWith(MotoExtension.class)
class MalformedEventsTest {

    private PrimaryEstate estate;

    @BeforeEach
    void setUp(Emulator emulator) {
        estate = new PrimaryEstate(emulator);
    }

    static Stream<Arguments> malformedEvents() {
        return Stream.of(
                malformed("rds-db-snapshot-created-manual.json", "detail.SourceIdentifier", d -> d.remove("SourceIdentifier")),
                malformed("rds-db-snapshot-created-manual.json", "detail.EventID", d -> { d.remove("EventID"); d.put("Message", "Something else"); }),
                malformed("rds-db-snapshot-created-manual.json", "detail.SourceIdentifier", d -> d.put("SourceIdentifier", "not an id!")),
                malformed("rds-db-cluster-snapshot-created-manual.json", "detail.SourceIdentifier", d -> d.putObject("SourceIdentifier")),
                malformed("backup-job-completed.json", "detail.backupJobId", d -> d.remove("backupJobId")),
                malformed("backup-job-completed.json", "detail.state", d -> d.remove("state")),
                malformed("backup-job-completed.json", "detail.resourceArn", d -> d.putObject("resourceArn")),
                malformed("backup-job-completed.json", "detail.backupVaultName", d -> { d.remove("backupVaultName"); d.remove("backupVaultArn"); }),
                malformed("ebs-create-snapshot-succeeded.json", "detail.snapshot_id", d -> d.remove("snapshot_id")));
    }

    @ParameterizedTest(name = "{0} without a good {1}")
    @MethodSource("malformedEvents")
    void malformedRecordFailsAloneNamingTheFieldWhileTheGoodRecordIsCopied(String file, String field, String malformed) {
        // GIVEN a batch with a protected snapshot's good event and a malformed event
        String volume = estate.volume(Map.of("lifeboat:policy", "default"));
        String snapshot = estate.snapshot(volume, Map.of());
        String good = PrimaryEstate.event("ebs-create-snapshot-succeeded.json",
                Map.of("snap-0a1b2c3d4e5f60001", snapshot, "vol-0a1b2c3d4e5f60001", volume));
        SQSEvent batch = PrimaryEstate.sqsEvent(good, malformed);

        // WHEN the batch is handled
        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> new CopySnapshotHandler(estate.functionEnvironment())
                .handleRequest(batch, LambdaTestContext.forFunction("lifeboat-copy-snapshot")));

        // THEN only the malformed record failed, the log names its field, and the good one was copied
        assertThat(result.value().getBatchItemFailures()).singleElement()
                .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo(batch.getRecords().get(1).getMessageId()));
        assertThat(result.output()).contains("\"invalidField\":\"" + field + "\"");
        assertThat(estate.recoveryCopiesOf(snapshot)).hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void eventFromAnUnexpectedSourceFailsNamingTheSource() {
        String event = PrimaryEstate.event("ebs-create-snapshot-succeeded.json", Map.of()).replace("\"aws.ec2\"", "\"aws.s3\"");

        CapturedStdout.Result<SQSBatchResponse> result = CapturedStdout.capture(() -> new CopySnapshotHandler(estate.functionEnvironment())
                .handleRequest(PrimaryEstate.sqsEvent(event), LambdaTestContext.forFunction("lifeboat-copy-snapshot")));

        assertThat(result.value().getBatchItemFailures()).hasSize(1);
        assertThat(result.output()).contains("\"invalidField\":\"source\"");
    }

    private static Arguments malformed(String file, String field, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(PrimaryEstate.event(file, Map.of()));
            change.accept((ObjectNode) event.get("detail"));
            return Arguments.of(file, field, event.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
