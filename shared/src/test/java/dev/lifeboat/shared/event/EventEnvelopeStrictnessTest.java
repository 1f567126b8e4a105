package dev.lifeboat.shared.event;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One SQS record carries one event: anything after it makes the record malformed. */
class EventEnvelopeStrictnessTest {

    private static final String EVENT = """
            {"version": "0", "id": "e-1", "detail-type": "EBS Snapshot Notification", "source": "aws.ec2",
             "account": "111122223333", "time": "2025-03-10T02:07:43Z", "region": "us-east-1", "resources": [],
             "detail": {"event": "createSnapshot"}}""";

    @Test
    void twoEventsGluedTogetherAreRejectedNotReadAsTheFirst() {
        assertThatThrownBy(() -> EventEnvelope.parse(EVENT + EVENT))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void trailingGarbageIsRejected() {
        assertThatThrownBy(() -> EventEnvelope.parse(EVENT + " garbage"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not JSON");
    }
}
