package dev.lifeboat.shared.event;

import static dev.lifeboat.shared.event.SampleEvents.CREATE_SNAPSHOTS_SUCCEEDED;
import static dev.lifeboat.shared.event.SampleEvents.CREATE_SNAPSHOT_SUCCEEDED;
import static dev.lifeboat.shared.event.SampleEvents.json;
import static dev.lifeboat.shared.event.SampleEvents.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;

/** {@link EventEnvelope#parse}: the EventBridge envelope of every event, and the field it names when it refuses one. */
class EventEnvelopeTest {

    private static final String ONE_MEGABYTE = "x".repeat(1 << 20);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ebs-create-snapshot-succeeded.json,  dc6cc345-a01f-4e22-8aae-3dff6102813d, EBS Snapshot Notification,                    us-east-1, 2025-03-10T02:07:43Z",
            "ebs-create-snapshot-failed.json,     a2178af0-c116-4e84-920c-9961451105e4, EBS Snapshot Notification,                    us-east-1, 2025-03-10T02:31:20Z",
            "ebs-create-snapshots-succeeded.json, cb1d4b90-5dfe-4c6f-a523-1688531d0653, EBS Multi-Volume Snapshots Completion Status, us-east-1, 2025-03-10T02:24:54Z",
            "ebs-copy-snapshot-succeeded.json,    f2f0923a-d153-479e-a26e-bf9b76700dff, EBS Snapshot Notification,                    us-west-2, 2025-03-10T02:19:32Z",
            "ebs-copy-snapshot-failed.json,       5d440ac3-5a55-4ba3-8592-1950e2b02ca5, EBS Snapshot Notification,                    us-west-2, 2025-03-10T02:25:05Z",
    })
    void parsesTheEnvelopeOfEverySampleEvent(String file, String id, String detailType, String region, String time) {
        // GIVEN a sample event from events/
        String event = SampleEvents.text(file);

        // WHEN it is parsed
        EventEnvelope envelope = EventEnvelope.parse(event);

        // THEN the envelope holds its id, type, origin and time
        assertThat(envelope.id()).isEqualTo(id);
        assertThat(envelope.detailType()).isEqualTo(detailType);
        assertThat(envelope.source()).isEqualTo("aws.ec2");
        assertThat(envelope.region()).isEqualTo(region);
        assertThat(envelope.account()).isEqualTo("111122223333");
        assertThat(envelope.time()).isEqualTo(Instant.parse(time));
    }

    @Test
    void keepsTheResourcesAndTheDetailObject() {
        // GIVEN the multi-volume sample event, with three snapshot ARNs in resources
        String event = SampleEvents.text(CREATE_SNAPSHOTS_SUCCEEDED);

        // WHEN it is parsed
        EventEnvelope envelope = EventEnvelope.parse(event);

        // THEN resources and detail are kept as sent
        assertThat(envelope.resources()).containsExactly(
                "arn:aws:ec2::us-east-1:snapshot/snap-0a1b2c3d4e5f60011",
                "arn:aws:ec2::us-east-1:snapshot/snap-0a1b2c3d4e5f60012",
                "arn:aws:ec2::us-east-1:snapshot/snap-0a1b2c3d4e5f60013");
        assertThat(envelope.detail().get("event").asText()).isEqualTo("createSnapshots");
    }

    @Test
    void keepsOnlyTheTextualResources() {
        // GIVEN an event whose resources mix an ARN with a number and an object
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.putArray("resources").add("arn:aws:ec2::us-east-1:snapshot/snap-0a1b2c3d4e5f60001").add(42).addObject();

        // WHEN it is parsed
        EventEnvelope envelope = EventEnvelope.parse(json(event));

        // THEN only the ARN is kept
        assertThat(envelope.resources()).containsExactly("arn:aws:ec2::us-east-1:snapshot/snap-0a1b2c3d4e5f60001");
    }

    @Test
    void treatsMissingResourcesAsNone() {
        // GIVEN an event without resources
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.remove("resources");

        // WHEN it is parsed
        EventEnvelope envelope = EventEnvelope.parse(json(event));

        // THEN it has no resources
        assertThat(envelope.resources()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t"})
    void rejectsAnEmptyEventAsAWhole(String event) {
        // WHEN an empty event is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(event));

        // THEN the whole event is refused as empty
        assertThat(error.field()).isEmpty();
        assertThat(error).hasMessage("the event is empty");
    }

    @Test
    void rejectsANullEventAsEmpty() {
        // WHEN a null event is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(null));

        // THEN it is refused as empty
        assertThat(error).hasMessage("the event is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"region\": ", "{'region': 'us-east-1'}", "<xml/>"})
    void rejectsTextThatIsNotJson(String event) {
        // WHEN text that is not JSON is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(event));

        // THEN the whole event is refused as not JSON
        assertThat(error.field()).isEmpty();
        assertThat(error).hasMessageStartingWith("the event is not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"region\": \"us-east-1\"}]", "\"us-east-1\"", "42", "true", "null"})
    void rejectsJsonThatIsNotAnObject(String event) {
        // WHEN a JSON array, string, number, boolean or null is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(event));

        // THEN the whole event is refused as not an object
        assertThat(error.field()).isEmpty();
        assertThat(error).hasMessage("the event is not a JSON object");
    }

    @Test
    void rejectsJsonNestedTooDeepWithoutOverflowingTheStack() {
        // GIVEN JSON nested far deeper than any event
        String event = "[".repeat(100_000) + "]".repeat(100_000);

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(event));

        // THEN it is refused as not JSON, with a short message
        assertThat(error).hasMessageStartingWith("the event is not JSON");
        assertThat(Rejection.isSafeToLog(error.getMessage())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "detail-type", "source", "account", "time", "region", "detail"})
    void namesTheRequiredFieldThatIsMissing(String field) {
        // GIVEN a sample event without one required field
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.remove(field);

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN the error names that field as missing
        assertThat(error.field()).isEqualTo(field);
        assertThat(error).hasMessage("field '" + field + "': missing");
    }

    @Test
    void rejectsANullDetailTypeAsMissing() {
        // GIVEN an event whose detail-type is JSON null
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.putNull("detail-type");

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN detail-type is named as missing
        assertThat(error).hasMessage("field 'detail-type': missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void rejectsABlankDetailType(String detailType) {
        // GIVEN an event whose detail-type is blank
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("detail-type", detailType);

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN detail-type is named as empty
        assertThat(error.field()).isEqualTo("detail-type");
        assertThat(error).hasMessage("field 'detail-type': empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "42                                | number",
            "true                              | boolean",
            "[\"EBS Snapshot Notification\"]   | array",
            "{\"name\": \"EBS\"}               | object",
    })
    void rejectsADetailTypeThatIsNotAString(String value, String jsonType) throws Exception {
        // GIVEN an event whose detail-type is a number, boolean, array or object
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.set("detail-type", Json.MAPPER.readTree(value));

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN detail-type is named, with the type it had
        assertThat(error.field()).isEqualTo("detail-type");
        assertThat(error).hasMessage("field 'detail-type': expected a string, got " + jsonType);
    }

    @Test
    void rejectsARegionCarryingInjectedJsonWithoutEchoingTheLineBreak() {
        // GIVEN an event whose region smuggles a line break and a JSON object
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("region", "us-east-1\n{\"injected\":true}");

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN region is named, and the message quotes it on one line
        assertThat(error.field()).isEqualTo("region");
        assertThat(error).hasMessage("field 'region': not an AWS region: 'us-east-1?{\"injected\":true}'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"US-EAST-1", "us-east", "useast1", "us-east-123", "us_east_1", " us-east-1", "us-east-1 ",
            "arn:aws:ec2:us-east-1", "ｕｓ-east-1", "us-east-١"})
    void rejectsARegionThatIsNotAnAwsRegionCode(String region) {
        // GIVEN an event whose region is not an AWS region code
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("region", region);

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN region is named
        assertThat(error.field()).isEqualTo("region");
        assertThat(error).hasMessageStartingWith("field 'region': not an AWS region");
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-central-2", "ap-southeast-7", "mx-central-1", "il-central-1",
            "us-gov-west-1", "cn-northwest-1", "us-isob-east-1", "eu-isoe-west-1"})
    void acceptsRegionsOfEveryPartition(String region) {
        // GIVEN an event from a commercial, GovCloud, China or isolated region
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("region", region);

        // WHEN it is parsed
        EventEnvelope envelope = EventEnvelope.parse(json(event));

        // THEN the region is kept
        assertThat(envelope.region()).isEqualTo(region);
    }

    @Test
    void acceptsEveryRegionTheSdkKnows() {
        // GIVEN every real region the AWS SDK this build uses knows (not the global or FIPS pseudo-regions)
        List<String> regions = Region.regions().stream()
                .filter(region -> !region.isGlobalRegion())
                .map(Region::id)
                .filter(id -> !id.contains("fips"))
                .toList();

        // WHEN an event from each is parsed
        List<String> refused = regions.stream().filter(region -> {
            ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
            event.put("region", region);
            try {
                EventEnvelope.parse(json(event));
                return false;
            } catch (InvalidEventException e) {
                return true;
            }
        }).toList();

        // THEN none is refused
        assertThat(refused).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"11112222333", "1111222233334", "11112222333a", "1111-2222-3333", "111122223333 ", "١١١١٢٢٢٢٣٣٣٣"})
    void rejectsAnAccountThatIsNotTwelveDigits(String account) {
        // GIVEN an event whose account is not twelve ASCII digits
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("account", account);

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN account is named
        assertThat(error.field()).isEqualTo("account");
        assertThat(error).hasMessageStartingWith("field 'account': not a 12-digit AWS account id");
    }

    @Test
    void rejectsAnAccountWrittenAsANumber() {
        // GIVEN an event whose account is a JSON number (which would also lose leading zeros)
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("account", 111122223333L);

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN account is named as not a string
        assertThat(error).hasMessage("field 'account': expected a string, got number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"snapshot\"", "[]", "42", "null"})
    void rejectsADetailThatIsNotAnObject(String detail) throws Exception {
        // GIVEN an event whose detail is a string, array, number or null
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.set("detail", Json.MAPPER.readTree(detail));

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN detail is named
        assertThat(error.field()).isEqualTo("detail");
        assertThat(error).hasMessage("field 'detail': not a JSON object");
    }

    @Test
    void acceptsAnEmptyDetailObject() {
        // GIVEN an event whose detail is {} (the envelope does not look inside it)
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.set("detail", JsonNodeFactory.instance.objectNode());

        // WHEN it is parsed
        EventEnvelope envelope = EventEnvelope.parse(json(event));

        // THEN the detail is empty
        assertThat(envelope.detail().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-10 02:07:43", "2025-03-10", "1741572463", "yesterday", "2025-03-10T02:07:43", "2025-13-10T02:07:43Z"})
    void rejectsATimeThatIsNotAnIso8601Instant(String time) {
        // GIVEN an event whose time is not an ISO-8601 instant
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("time", time);

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN time is named, quoting the value
        assertThat(error.field()).isEqualTo("time");
        assertThat(error).hasMessage("field 'time': not an ISO-8601 instant: '" + time + "'");
    }

    @Test
    void acceptsATimeWithFractionalSeconds() {
        // GIVEN an event whose time has milliseconds
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put("time", "2025-03-10T02:07:43.123Z");

        // WHEN it is parsed
        EventEnvelope envelope = EventEnvelope.parse(json(event));

        // THEN the instant keeps them
        assertThat(envelope.time()).isEqualTo(Instant.parse("2025-03-10T02:07:43.123Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"region", "account", "time"})
    void keepsTheMessageShortWhenAValidatedFieldHoldsAMegabyte(String field) {
        // GIVEN an event with a one-megabyte value in a field that is checked and quoted
        ObjectNode event = tree(CREATE_SNAPSHOT_SUCCEEDED);
        event.put(field, ONE_MEGABYTE);

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(json(event)));

        // THEN the field is named and the message stays short
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.getMessage()).hasSizeLessThan(Rejection.MAX_MESSAGE);
    }

    @Test
    void keepsTheMessageShortWhenAMegabyteIsNotJson() {
        // GIVEN a megabyte of text with control characters that is not JSON
        String event = "\u0000\n\u001b[31m".repeat(1 << 18);

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(event));

        // THEN the message is short and printable
        assertThat(error).hasMessageStartingWith("the event is not JSON");
        assertThat(Rejection.isSafeToLog(error.getMessage())).isTrue();
    }

    @Test
    void keepsTheMessageShortWhenAMegabyteStringIsNotClosed() {
        // GIVEN an event cut off inside a megabyte-long string
        String event = "{\"region\": \"" + ONE_MEGABYTE;

        // WHEN it is parsed
        InvalidEventException error = Rejection.of(() -> EventEnvelope.parse(event));

        // THEN the message is short and printable
        assertThat(error).hasMessageStartingWith("the event is not JSON");
        assertThat(Rejection.isSafeToLog(error.getMessage())).isTrue();
    }

    @Test
    void namesTheFieldInTheMessage() {
        // WHEN an error names a field
        InvalidEventException error = new InvalidEventException("detail.snapshot_id", "missing");

        // THEN the message leads with it and field() returns it
        assertThat(error).hasMessage("field 'detail.snapshot_id': missing");
        assertThat(error.field()).isEqualTo("detail.snapshot_id");
    }

    @Test
    void leavesTheFieldOutOfTheMessageForTheWholeEvent() {
        // WHEN an error is about the whole event
        InvalidEventException error = new InvalidEventException("", "the event is empty");

        // THEN the message is the problem alone
        assertThat(error).hasMessage("the event is empty");
        assertThat(error.field()).isEmpty();
    }
}
