package dev.lifeboat.shared.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.event.RdsSnapshotEvent.Kind;
import org.junit.jupiter.api.Test;

/** The RDS and Aurora snapshot events, read from the sample events in {@code events/}. */
class RdsSnapshotEventTest {

    @Test
    void automatedDbSnapshotCreatedNamesTheSnapshotAndItsArnFromTheEnvelope() {
        RdsSnapshotEvent event = RdsSnapshotEvent.from(EventEnvelope.parse(SampleEvents.text("rds-db-snapshot-created-automated.json")));

        assertThat(event).isInstanceOfSatisfying(RdsSnapshotEvent.SnapshotCreated.class, created -> {
            assertThat(created.kind()).isEqualTo(Kind.DB_SNAPSHOT);
            assertThat(created.automated()).isTrue();
            assertThat(created.snapshotIdentifier()).isEqualTo("rds:orders-db-2025-03-10-02-05");
            assertThat(created.snapshotArn()).isEqualTo("arn:aws:rds:us-east-1:111122223333:snapshot:rds:orders-db-2025-03-10-02-05");
        });
    }

    @Test
    void manualClusterSnapshotCreatedIsAnAuroraClusterSnapshot() {
        RdsSnapshotEvent event = RdsSnapshotEvent.from(EventEnvelope.parse(SampleEvents.text("rds-db-cluster-snapshot-created-manual.json")));

        assertThat(event).isInstanceOfSatisfying(RdsSnapshotEvent.SnapshotCreated.class, created -> {
            assertThat(created.kind()).isEqualTo(Kind.CLUSTER_SNAPSHOT);
            assertThat(created.automated()).isFalse();
            assertThat(created.snapshotArn()).endsWith(":cluster-snapshot:inventory-aurora-before-upgrade");
        });
    }

    @Test
    void crossRegionCopyFinishedNamesTheCopy() {
        RdsSnapshotEvent event = RdsSnapshotEvent.from(EventEnvelope.parse(SampleEvents.text("rds-db-snapshot-copy-finished.json")));

        assertThat(event).isInstanceOfSatisfying(RdsSnapshotEvent.CopyProgress.class, copy -> {
            assertThat(copy.finished()).isTrue();
            assertThat(copy.copyIdentifier()).isEqualTo("lifeboat-us-east-1-rds-orders-db-2025-03-10-02-05");
        });
    }

    @Test
    void eventWithoutEventIdIsRecognisedByItsMessageAsOlderDocumentedExamplesAre() {
        ObjectNode tree = SampleEvents.tree("rds-db-snapshot-created-automated.json");
        ((ObjectNode) tree.get("detail")).remove("EventID");

        RdsSnapshotEvent event = RdsSnapshotEvent.from(EventEnvelope.parse(tree.toString()));

        assertThat(event).isInstanceOf(RdsSnapshotEvent.SnapshotCreated.class);
    }

    @Test
    void snapshotDeletedIsAnotherEventNotACopyTrigger() {
        ObjectNode tree = SampleEvents.tree("rds-db-snapshot-created-manual.json");
        ((ObjectNode) tree.get("detail")).put("EventID", "RDS-EVENT-0041").put("Message", "Deleted user snapshot");

        assertThat(RdsSnapshotEvent.from(EventEnvelope.parse(tree.toString()))).isInstanceOf(RdsSnapshotEvent.OtherRdsEvent.class);
    }

    @Test
    void missingSourceIdentifierIsRejectedNamingIt() {
        ObjectNode tree = SampleEvents.tree("rds-db-snapshot-created-manual.json");
        ((ObjectNode) tree.get("detail")).remove("SourceIdentifier");

        InvalidEventException rejection = Rejection.of(() -> RdsSnapshotEvent.from(EventEnvelope.parse(tree.toString())));

        assertThat(rejection.field()).isEqualTo("detail.SourceIdentifier");
    }

    @Test
    void eventNeitherIdNorMessageIdentifiesIsRejectedNamingEventId() {
        ObjectNode tree = SampleEvents.tree("rds-db-snapshot-created-manual.json");
        ((ObjectNode) tree.get("detail")).remove("EventID");
        ((ObjectNode) tree.get("detail")).remove("Message");

        assertThat(Rejection.of(() -> RdsSnapshotEvent.from(EventEnvelope.parse(tree.toString()))).field()).isEqualTo("detail.EventID");
    }
}
