package dev.lifeboat.shared.event;

import static dev.lifeboat.shared.event.SampleEvents.CREATE_SNAPSHOT_SUCCEEDED;
import static dev.lifeboat.shared.event.SampleEvents.json;
import static dev.lifeboat.shared.event.SampleEvents.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Invariants of {@link EventEnvelope#parse} over hostile input: it parses or it refuses, always in a message safe to log. */
class EventEnvelopePropertiesTest {

    private static final String SAMPLE = SampleEvents.text(CREATE_SNAPSHOT_SUCCEEDED);

    @Property
    void anyRegionIsParsedOrRefusedNamingRegionInASafeMessage(@ForAll("hostileText") String region) {
        // GIVEN a real event whose region is arbitrary text
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("region", region);

        // WHEN it is parsed, THEN either the region is kept as sent,
        // or region is named in a short printable message (and no other exception escapes)
        try {
            assertThat(EventEnvelope.parse(json(event)).region()).isEqualTo(region);
        } catch (InvalidEventException e) {
            assertThat(e.field()).isEqualTo("region");
            assertThat(Rejection.isSafeToLog(e.getMessage())).as("safe to log: %s", e.getMessage()).isTrue();
        }
    }

    @Property
    void anyDetailTypeIsParsedOrRefusedNamingDetailTypeInASafeMessage(@ForAll("hostileText") String detailType) {
        // GIVEN a real event whose detail-type is arbitrary text
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("detail-type", detailType);

        // WHEN it is parsed, THEN either the detail-type is kept as sent (the envelope does not judge types),
        // or detail-type is named in a short printable message (and no other exception escapes)
        try {
            assertThat(EventEnvelope.parse(json(event)).detailType()).isEqualTo(detailType);
        } catch (InvalidEventException e) {
            assertThat(e.field()).isEqualTo("detail-type");
            assertThat(Rejection.isSafeToLog(e.getMessage())).as("safe to log: %s", e.getMessage()).isTrue();
        }
    }

    @Property
    void anyTextIsParsedOrRefusedInASafeMessage(@ForAll("mangledEvents") String text) {
        // WHEN arbitrary text, or a real event cut or spliced with it, is parsed,
        // THEN it parses, or it is refused in a message safe to log (and no other exception escapes)
        try {
            EventEnvelope.parse(text);
        } catch (InvalidEventException e) {
            assertThat(Rejection.isSafeToLog(e.getMessage())).as("safe to log: %s", e.getMessage()).isTrue();
        }
    }

    @Property
    void everyWellFormedRegionCodeIsAccepted(@ForAll("regionCodes") String region) {
        // GIVEN a real event from a region code of the AWS shape (two letters, words, a number)
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("region", region);

        // WHEN it is parsed
        EventEnvelope envelope = EventEnvelope.parse(json(event));

        // THEN the region is kept
        assertThat(envelope.region()).isEqualTo(region);
    }

    /** Any characters (control, format, surrogates, JSON punctuation), now and then a megabyte of them. */
    @Provide
    static Arbitrary<String> hostileText() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(120);
        Arbitrary<String> nearlyRegions = Arbitraries.of("us-east-1", "us-west-2", "eu-central-1")
                .flatMap(region -> Arbitraries.strings().withCharRange('\u0000', '\u001f')
                        .withChars('\u007f', '\u0085', '\u2028', '\u202e', '\ufeff', '"', '{', '}', '\\')
                        .ofMaxLength(20)
                        .map(tail -> region + tail));
        Arbitrary<String> huge = Combinators.combine(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(64),
                        Arbitraries.integers().between(1_000, 1 << 20))
                .as((unit, length) -> unit.repeat(length / unit.length() + 1));
        return Arbitraries.frequencyOf(
                Tuple.of(6, anyChars),
                Tuple.of(3, nearlyRegions),
                Tuple.of(1, huge));
    }

    @Provide
    static Arbitrary<String> mangledEvents() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,-0123456789.eE tfnrulasx\\\n\u0000").ofMaxLength(200);
        Arbitrary<String> cut = Arbitraries.integers().between(0, SAMPLE.length()).map(end -> SAMPLE.substring(0, end));
        Arbitrary<String> spliced = Combinators.combine(Arbitraries.integers().between(0, SAMPLE.length()), anyChars)
                .as((at, insert) -> SAMPLE.substring(0, at) + insert + SAMPLE.substring(at));
        return Arbitraries.oneOf(List.of(anyChars, jsonish, cut, spliced));
    }

    @Provide
    static Arbitrary<String> regionCodes() {
        Arbitrary<String> prefix = Arbitraries.strings().withCharRange('a', 'z').ofLength(2);
        Arbitrary<String> words = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)
                .list().ofMinSize(1).ofMaxSize(3)
                .map(list -> String.join("-", list));
        Arbitrary<Integer> number = Arbitraries.integers().between(0, 99);
        return Combinators.combine(prefix, words, number).as((p, w, n) -> p + "-" + w + "-" + n);
    }
}
