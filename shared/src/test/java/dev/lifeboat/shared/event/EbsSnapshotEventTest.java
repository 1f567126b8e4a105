package dev.lifeboat.shared.event;

import static dev.lifeboat.shared.event.SampleEvents.COPY_SNAPSHOT_FAILED;
import static dev.lifeboat.shared.event.SampleEvents.COPY_SNAPSHOT_SUCCEEDED;
import static dev.lifeboat.shared.event.SampleEvents.CREATE_SNAPSHOTS_SUCCEEDED;
import static dev.lifeboat.shared.event.SampleEvents.CREATE_SNAPSHOT_FAILED;
import static dev.lifeboat.shared.event.SampleEvents.CREATE_SNAPSHOT_SUCCEEDED;
import static dev.lifeboat.shared.event.SampleEvents.detail;
import static dev.lifeboat.shared.event.SampleEvents.json;
import static dev.lifeboat.shared.event.SampleEvents.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.event.EbsSnapshotEvent.CreatedSnapshot;
import dev.lifeboat.shared.event.EbsSnapshotEvent.OtherSnapshotEvent;
import dev.lifeboat.shared.event.EbsSnapshotEvent.SnapshotCopied;
import dev.lifeboat.shared.event.EbsSnapshotEvent.SnapshotsCreated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link EbsSnapshotEvent#from}: the EBS snapshot events of the AWS documentation, as Lifeboat reads them. */
class EbsSnapshotEventTest {

    private static final String SNAPSHOT = "snap-0a1b2c3d4e5f60001";

    @Test
    void readsASucceededCreateSnapshotAsOneCompletedSnapshotOfItsVolume() {
        // GIVEN the sample createSnapshot event that succeeded
        EventEnvelope envelope = EventEnvelope.parse(SampleEvents.text(CREATE_SNAPSHOT_SUCCEEDED));

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(envelope);

        // THEN it created one completed snapshot, ids taken from the ARNs
        assertThat(event).isInstanceOfSatisfying(SnapshotsCreated.class, created -> {
            assertThat(created.succeeded()).isTrue();
            assertThat(created.result()).isEqualTo("succeeded");
            assertThat(created.cause()).isEmpty();
            assertThat(created.snapshots()).containsExactly(new CreatedSnapshot(SNAPSHOT, "vol-0a1b2c3d4e5f60001", true));
        });
        assertThat(event.envelope()).isSameAs(envelope);
    }

    @Test
    void readsAFailedCreateSnapshotAsOneIncompleteSnapshotWithItsCause() {
        // GIVEN the sample createSnapshot event that failed
        EventEnvelope envelope = EventEnvelope.parse(SampleEvents.text(CREATE_SNAPSHOT_FAILED));

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(envelope);

        // THEN its one snapshot is not complete, and the cause is kept
        assertThat(event).isInstanceOfSatisfying(SnapshotsCreated.class, created -> {
            assertThat(created.succeeded()).isFalse();
            assertThat(created.cause()).isEqualTo("Snapshot snap-0a1b2c3d4e5f60002 is in status error");
            assertThat(created.snapshots()).containsExactly(
                    new CreatedSnapshot("snap-0a1b2c3d4e5f60002", "vol-0a1b2c3d4e5f60002", false));
        });
    }

    @Test
    void readsEverySnapshotOfAMultiVolumeCreateSnapshots() {
        // GIVEN the sample createSnapshots event with three snapshots
        EventEnvelope envelope = EventEnvelope.parse(SampleEvents.text(CREATE_SNAPSHOTS_SUCCEEDED));

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(envelope);

        // THEN all three are there, in order, each completed, each with its volume
        assertThat(event).isInstanceOfSatisfying(SnapshotsCreated.class, created -> {
            assertThat(created.succeeded()).isTrue();
            assertThat(created.snapshots()).containsExactly(
                    new CreatedSnapshot("snap-0a1b2c3d4e5f60011", "vol-0a1b2c3d4e5f60011", true),
                    new CreatedSnapshot("snap-0a1b2c3d4e5f60012", "vol-0a1b2c3d4e5f60012", true),
                    new CreatedSnapshot("snap-0a1b2c3d4e5f60013", "vol-0a1b2c3d4e5f60013", true));
        });
    }

    @Test
    void readsEachMultiVolumeSnapshotWithItsOwnStatus() {
        // GIVEN a createSnapshots event whose second snapshot failed and whose third has no status
        ObjectNode source = tree(CREATE_SNAPSHOTS_SUCCEEDED);
        ObjectNode detail = detail(source);
        detail.put("result", "failed");
        detail.put("cause", "Snapshot snap-0a1b2c3d4e5f60012 is in status error");
        ((ObjectNode) detail.get("snapshots").get(1)).put("status", "failed");
        ((ObjectNode) detail.get("snapshots").get(2)).remove("status");

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(EventEnvelope.parse(json(source)));

        // THEN only the first counts as completed
        assertThat(event).isInstanceOfSatisfying(SnapshotsCreated.class, created -> {
            assertThat(created.succeeded()).isFalse();
            assertThat(created.cause()).isEqualTo("Snapshot snap-0a1b2c3d4e5f60012 is in status error");
            assertThat(created.snapshots()).extracting(CreatedSnapshot::completed).containsExactly(true, false, false);
        });
    }

    @Test
    void readsASucceededCopySnapshotAsACopyWithItsCopyAndSourceIds() {
        // GIVEN the sample copySnapshot event, raised in the destination region
        EventEnvelope envelope = EventEnvelope.parse(SampleEvents.text(COPY_SNAPSHOT_SUCCEEDED));

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(envelope);

        // THEN it is a copy: the copy's id from snapshot_id, the original's from source
        assertThat(event).isInstanceOfSatisfying(SnapshotCopied.class, copied -> {
            assertThat(copied.result()).isEqualTo("succeeded");
            assertThat(copied.copySnapshotId()).isEqualTo("snap-0f9e8d7c6b5a40001");
            assertThat(copied.sourceSnapshotId()).isEqualTo(SNAPSHOT);
        });
    }

    @Test
    void readsAFailedCopySnapshotAsACopyWithItsCause() {
        // GIVEN the sample copySnapshot event that failed
        EventEnvelope envelope = EventEnvelope.parse(SampleEvents.text(COPY_SNAPSHOT_FAILED));

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(envelope);

        // THEN it is still a copy (never to be copied again), with its cause
        assertThat(event).isInstanceOfSatisfying(SnapshotCopied.class, copied -> {
            assertThat(copied.result()).isEqualTo("failed");
            assertThat(copied.cause()).isEqualTo("Source snapshot ID is not valid");
            assertThat(copied.copySnapshotId()).isEqualTo("snap-0f9e8d7c6b5a40002");
            assertThat(copied.sourceSnapshotId()).isEqualTo("snap-0a1b2c3d4e5f60011");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"shareSnapshot", "archiveSnapshot", "restoreSnapshotFromArchive", "somethingNew"})
    void readsAnyOtherSnapshotNotificationAsOtherSnapshotEvent(String name) {
        // GIVEN a snapshot notification for an event Lifeboat does not act on
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        detail(source).put("event", name);

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(EventEnvelope.parse(json(source)));

        // THEN it is an other event, keeping its name
        assertThat(event).isEqualTo(new OtherSnapshotEvent(event.envelope(), name));
    }

    @Test
    void readsAMultiVolumeStatusOtherThanCreateSnapshotsAsOtherSnapshotEvent() {
        // GIVEN a multi-volume completion status for some other event
        ObjectNode source = tree(CREATE_SNAPSHOTS_SUCCEEDED);
        detail(source).put("event", "somethingNew");

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(EventEnvelope.parse(json(source)));

        // THEN it is an other event
        assertThat(event).isInstanceOfSatisfying(OtherSnapshotEvent.class,
                other -> assertThat(other.event()).isEqualTo("somethingNew"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EBS Volume Notification", "EC2 Instance State-change Notification", "ebs snapshot notification"})
    void refusesAnUnsupportedDetailTypeNamingDetailType(String detailType) {
        // GIVEN an EC2 event of a type that is not a snapshot event
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        source.put("detail-type", detailType);
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN detail-type is named, quoting it
        assertThat(error.field()).isEqualTo("detail-type");
        assertThat(error).hasMessage("field 'detail-type': unsupported: '" + detailType + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws.backup", "aws.rds", "AWS.EC2", "custom.aws.ec2"})
    void refusesASourceOtherThanEc2NamingSource(String eventSource) {
        // GIVEN a snapshot-shaped event from another source
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        source.put("source", eventSource);
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN source is named, quoting it
        assertThat(error.field()).isEqualTo("source");
        assertThat(error).hasMessage("field 'source': expected 'aws.ec2', got '" + eventSource + "'");
    }

    @Test
    void quotesAHostileSourceOnOneShortLine() {
        // GIVEN an event whose source carries a line break and ten thousand characters
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        source.put("source", "aws.ec2\n" + "x".repeat(10_000));
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN source is named, in a message safe to log
        assertThat(error.field()).isEqualTo("source");
        assertThat(Rejection.isSafeToLog(error.getMessage())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"event", "result", "snapshot_id", "source"})
    void namesTheMissingFieldOfACreateSnapshotByItsPath(String field) {
        // GIVEN a createSnapshot event without one field Lifeboat needs
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        detail(source).remove(field);
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN exactly that path is named as missing
        assertThat(error.field()).isEqualTo("detail." + field);
        assertThat(error).hasMessage("field 'detail." + field + "': missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"snapshot_id", "source"})
    void namesTheMissingFieldOfACopySnapshotByItsPath(String field) {
        // GIVEN a copySnapshot event without the copy's or the original's id
        ObjectNode source = tree(COPY_SNAPSHOT_SUCCEEDED);
        detail(source).remove(field);
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN exactly that path is named
        assertThat(error.field()).isEqualTo("detail." + field);
    }

    @Test
    void namesTheMissingSourceOfTheSecondMultiVolumeSnapshotByItsPath() {
        // GIVEN a createSnapshots event whose second snapshot has no source volume
        ObjectNode source = tree(CREATE_SNAPSHOTS_SUCCEEDED);
        ((ObjectNode) detail(source).get("snapshots").get(1)).remove("source");
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN exactly detail.snapshots[1].source is named
        assertThat(error.field()).isEqualTo("detail.snapshots[1].source");
        assertThat(error).hasMessage("field 'detail.snapshots[1].source': missing");
    }

    @Test
    void namesTheMissingSnapshotIdOfTheThirdMultiVolumeSnapshotByItsPath() {
        // GIVEN a createSnapshots event whose third snapshot has no snapshot_id
        ObjectNode source = tree(CREATE_SNAPSHOTS_SUCCEEDED);
        ((ObjectNode) detail(source).get("snapshots").get(2)).remove("snapshot_id");
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN exactly detail.snapshots[2].snapshot_id is named
        assertThat(error.field()).isEqualTo("detail.snapshots[2].snapshot_id");
    }

    @Test
    void namesAMultiVolumeSnapshotThatIsNotAnObjectByItsIndex() {
        // GIVEN a createSnapshots event whose first snapshot is a bare string
        ObjectNode source = tree(CREATE_SNAPSHOTS_SUCCEEDED);
        detail(source).withArray("snapshots").set(0, detail(source).textNode(SNAPSHOT));
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN detail.snapshots[0] is named
        assertThat(error.field()).isEqualTo("detail.snapshots[0]");
        assertThat(error).hasMessage("field 'detail.snapshots[0]': expected an object");
    }

    @Test
    void namesMissingMultiVolumeSnapshots() {
        // GIVEN a createSnapshots event without its snapshots array
        ObjectNode source = tree(CREATE_SNAPSHOTS_SUCCEEDED);
        detail(source).remove("snapshots");
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN detail.snapshots is named as missing
        assertThat(error).hasMessage("field 'detail.snapshots': missing");
    }

    @Test
    void namesMultiVolumeSnapshotsThatAreNotAnArray() {
        // GIVEN a createSnapshots event whose snapshots is an object
        ObjectNode source = tree(CREATE_SNAPSHOTS_SUCCEEDED);
        detail(source).putObject("snapshots");
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN detail.snapshots is named
        assertThat(error).hasMessage("field 'detail.snapshots': expected an array");
    }

    @Test
    void namesASnapshotIdThatIsNotAString() {
        // GIVEN a createSnapshot event whose snapshot_id is a number
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        detail(source).put("snapshot_id", 42);
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN detail.snapshot_id is named as not a string
        assertThat(error).hasMessage("field 'detail.snapshot_id': expected a string, got number");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:ec2::us-east-1:snapshot/snap-0a1b2c3d4e5f60001",
            "arn:aws:ec2:us-east-1::snapshot/snap-0a1b2c3d4e5f60001",
            "arn:aws:ec2:us-east-1:123456789012:snapshot/snap-0a1b2c3d4e5f60001",
            "arn:aws-us-gov:ec2:us-gov-west-1::snapshot/snap-0a1b2c3d4e5f60001",
            "snap-0a1b2c3d4e5f60001",
    })
    void readsTheSameSnapshotIdFromEveryFormAwsDocumentsUse(String snapshotId) {
        // GIVEN a createSnapshot event whose snapshot_id is in one of the documented forms
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        detail(source).put("snapshot_id", snapshotId);

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(EventEnvelope.parse(json(source)));

        // THEN the snapshot id is the same
        assertThat(((SnapshotsCreated) event).snapshots()).extracting(CreatedSnapshot::snapshotId).containsExactly(SNAPSHOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:ec2::us-east-1:volume/vol-0a1b2c3d4e5f60001",
            "arn:aws:ec2:us-east-1::volume/vol-0a1b2c3d4e5f60001",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b2c3d4e5f60001",
            "vol-0a1b2c3d4e5f60001",
    })
    void readsTheSameVolumeIdFromEveryFormAwsDocumentsUse(String volumeId) {
        // GIVEN a createSnapshot event whose source is the volume in one of the documented forms
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        detail(source).put("source", volumeId);

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(EventEnvelope.parse(json(source)));

        // THEN the volume id is the same
        assertThat(((SnapshotsCreated) event).snapshots()).extracting(CreatedSnapshot::volumeId)
                .containsExactly("vol-0a1b2c3d4e5f60001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"snap-01234567", "arn:aws:ec2:us-east-1::snapshot/snap-01234567"})
    void readsOldShortSnapshotIds(String snapshotId) {
        // GIVEN a createSnapshot event for a snapshot with an old 8-digit id
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        detail(source).put("snapshot_id", snapshotId);

        // WHEN it is read
        EbsSnapshotEvent event = EbsSnapshotEvent.from(EventEnvelope.parse(json(source)));

        // THEN the short id is read
        assertThat(((SnapshotsCreated) event).snapshots()).extracting(CreatedSnapshot::snapshotId).containsExactly("snap-01234567");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "snap-123; rm -rf /",
            "../../etc",
            "arn:aws:ec2::us-east-1:snapshot/../../etc/passwd",
            "snap-0a1b2c3d4e5f60001; rm -rf /tmp",
            "snap-0A1B2C3D4E5F60001",
            "snap-0123456",
            "snap-0a1b2c3d4e5f6000100000000000000000",
            "vol-0a1b2c3d4e5f60001",
            "arn:aws:ec2::us-east-1:snapshot/",
            "snap-0a1b2c3d\u0000e5f60001",
    })
    void refusesAHostileSnapshotIdNamingTheField(String snapshotId) {
        // GIVEN a createSnapshot event whose snapshot_id is not a snapshot id
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        detail(source).put("snapshot_id", snapshotId);
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN detail.snapshot_id is named, in a message safe to log
        assertThat(error.field()).isEqualTo("detail.snapshot_id");
        assertThat(error).hasMessageStartingWith("field 'detail.snapshot_id': expected an EBS snapshot id or ARN");
        assertThat(Rejection.isSafeToLog(error.getMessage())).isTrue();
    }

    @Test
    void refusesATenThousandCharacterSnapshotIdInAShortMessage() {
        // GIVEN a copySnapshot event whose source is ten thousand characters long
        ObjectNode source = tree(COPY_SNAPSHOT_SUCCEEDED);
        detail(source).put("source", "snap-" + "0".repeat(10_000));
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN detail.source is named, in a message safe to log
        assertThat(error.field()).isEqualTo("detail.source");
        assertThat(Rejection.isSafeToLog(error.getMessage())).isTrue();
    }

    @Test
    void refusesACreateSnapshotWhoseSourceIsNotAVolume() {
        // GIVEN a createSnapshot event whose source is a snapshot ARN
        ObjectNode source = tree(CREATE_SNAPSHOT_SUCCEEDED);
        detail(source).put("source", "arn:aws:ec2::us-east-1:snapshot/snap-0a1b2c3d4e5f60009");
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN detail.source is named as not a volume
        assertThat(error.field()).isEqualTo("detail.source");
        assertThat(error).hasMessageContaining("expected an EBS volume id or ARN");
    }

    @Test
    void refusesACopySnapshotWhoseSourceIsNotASnapshot() {
        // GIVEN a copySnapshot event whose source is a volume ARN
        ObjectNode source = tree(COPY_SNAPSHOT_SUCCEEDED);
        detail(source).put("source", "arn:aws:ec2::us-east-1:volume/vol-0a1b2c3d4e5f60001");
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN detail.source is named as not a snapshot
        assertThat(error.field()).isEqualTo("detail.source");
        assertThat(error).hasMessageContaining("expected an EBS snapshot id or ARN");
    }

    @Test
    void refusesAHostileIdInAMultiVolumeSnapshotNamingItsPath() {
        // GIVEN a createSnapshots event whose second snapshot id is a path traversal
        ObjectNode source = tree(CREATE_SNAPSHOTS_SUCCEEDED);
        ((ObjectNode) detail(source).get("snapshots").get(1)).put("snapshot_id", "../../etc");
        EventEnvelope envelope = EventEnvelope.parse(json(source));

        // WHEN it is read
        InvalidEventException error = Rejection.of(() -> EbsSnapshotEvent.from(envelope));

        // THEN exactly detail.snapshots[1].snapshot_id is named
        assertThat(error.field()).isEqualTo("detail.snapshots[1].snapshot_id");
    }
}
