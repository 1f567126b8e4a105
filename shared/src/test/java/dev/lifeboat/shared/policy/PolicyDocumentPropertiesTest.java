package dev.lifeboat.shared.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.json.Json;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of {@link PolicyDocument#parse}: valid values come through exactly; nothing else comes through at all. */
class PolicyDocumentPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Policy DEFAULT = PolicyDocument.parseDefault(null);

    @Property
    void aPolicyHasExactlyTheValuesItIsGiven(
            @ForAll @IntRange(min = 1, max = 525_600) int rpoMinutes,
            @ForAll("regionCodes") String region,
            @ForAll("accounts") String account,
            @ForAll("tierCounts") int daily,
            @ForAll("tierCounts") int weekly,
            @ForAll("tierCounts") int monthly,
            @ForAll("tierCounts") int yearly,
            @ForAll @IntRange(min = 0, max = 3650) int archiveAfterDays,
            @ForAll boolean numbersAsStrings) {
        // GIVEN a policy with valid values, its numbers written as JSON numbers or as strings
        ObjectNode gold = NODES.objectNode();
        number(gold, "rpoHours", rpoMinutes / 60.0, numbersAsStrings);
        gold.put("recoveryRegion", region);
        gold.put("recoveryAccount", account);
        number(gold, "archiveAfterDays", archiveAfterDays, numbersAsStrings);
        ObjectNode retention = gold.putObject("retention");
        number(retention, "daily", daily, numbersAsStrings);
        number(retention, "weekly", weekly, numbersAsStrings);
        number(retention, "monthly", monthly, numbersAsStrings);
        number(retention, "yearly", yearly, numbersAsStrings);

        // WHEN the document is parsed
        Policy policy = PolicyDocument.parse(document("gold", gold), DEFAULT).find("gold").orElseThrow();

        // THEN the policy has exactly those values, and the default's for the rest
        assertThat(policy).isEqualTo(new Policy("gold", Duration.ofMinutes(rpoMinutes), region,
                account.isEmpty() ? Optional.empty() : Optional.of(account), DEFAULT.recoveryKmsKey(),
                new RetentionTiers(daily, weekly, monthly, yearly), archiveAfterDays, ZoneOffset.UTC));
    }

    @Property
    void retentionIsNeverNegative(@ForAll("tierNames") String tier, @ForAll("anyCounts") JsonNode count) {
        // GIVEN a policy whose count for one tier is any JSON number or string
        ObjectNode gold = NODES.objectNode();
        gold.putObject("retention").set(tier, count);

        // WHEN the document is parsed, THEN every tier keeps zero or more copies,
        // or that tier is named (and no other exception escapes)
        try {
            RetentionTiers retention = PolicyDocument.parse(document("gold", gold), DEFAULT).find("gold").orElseThrow().retention();
            assertThat(List.of(retention.daily(), retention.weekly(), retention.monthly(), retention.yearly()))
                    .allSatisfy(kept -> assertThat(kept).isNotNegative());
        } catch (InvalidPolicyException e) {
            assertThat(e).hasMessageStartingWith("field 'policies.gold.retention." + tier + "': ");
        }
    }

    @Property
    void anyTextInATextFieldIsAcceptedOrRefusedNamingItInASafeMessage(
            @ForAll("textFields") String field, @ForAll("hostileText") String value) {
        // GIVEN a policy with arbitrary text in its region, account, key or time zone
        ObjectNode gold = NODES.objectNode();
        gold.put(field, value);

        // WHEN the document is parsed, THEN it is accepted,
        // or the field is named in a short printable message (and no other exception escapes)
        try {
            PolicyDocument.parse(document("gold", gold), DEFAULT);
        } catch (InvalidPolicyException e) {
            assertThat(e).hasMessageStartingWith("field 'policies.gold." + field + "': ");
            assertThat(isSafeToLog(e.getMessage())).as("safe to log: %s", e.getMessage()).isTrue();
        }
    }

    @Property
    void anyPolicyNameIsAcceptedOrRefusedInASafeMessage(@ForAll("hostileText") String name) {
        // WHEN a document names a policy with arbitrary text,
        // THEN the policy is found by that name, or it is refused in a short printable message
        // (naming the policy, or, for a name over Jackson's 50,000-character limit, saying the document is not JSON)
        try {
            assertThat(PolicyDocument.parse(document(name, NODES.objectNode()), DEFAULT).find(name)).isPresent();
        } catch (InvalidPolicyException e) {
            assertThat(e.getMessage()).matches("(?s)(field 'policies\\.|the policy document is not JSON \\(Name length).*");
            assertThat(isSafeToLog(e.getMessage())).as("safe to log: %s", e.getMessage()).isTrue();
        }
    }

    @Property
    void anyRpoIsAtLeastAMinuteOrRefusedNamingRpoHours(@ForAll("anyRpoHours") JsonNode rpoHours) {
        // GIVEN a policy whose RPO is any JSON number or numeric string
        ObjectNode gold = NODES.objectNode();
        gold.set("rpoHours", rpoHours);

        // WHEN the document is parsed, THEN the RPO is at least a minute, or rpoHours is named
        try {
            Policy policy = PolicyDocument.parse(document("gold", gold), DEFAULT).find("gold").orElseThrow();
            assertThat(policy.rpo()).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        } catch (InvalidPolicyException e) {
            assertThat(e).hasMessageStartingWith("field 'policies.gold.rpoHours': ");
        }
    }

    @Provide
    static Arbitrary<String> regionCodes() {
        Arbitrary<String> prefix = Arbitraries.strings().withCharRange('a', 'z').ofLength(2);
        Arbitrary<String> words = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)
                .list().ofMinSize(1).ofMaxSize(3)
                .map(list -> String.join("-", list));
        return Combinators.combine(prefix, words, Arbitraries.integers().between(0, 99))
                .as((p, w, n) -> p + "-" + w + "-" + n);
    }

    @Provide
    static Arbitrary<String> accounts() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().numeric().ofLength(12));
    }

    @Provide
    static Arbitrary<Integer> tierCounts() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 400), Arbitraries.integers().between(0, Integer.MAX_VALUE));
    }

    @Provide
    static Arbitrary<String> tierNames() {
        return Arbitraries.of("daily", "weekly", "monthly", "yearly");
    }

    /** Whole and fractional numbers of any sign and size, as JSON numbers or as strings, and text that is not a number. */
    @Provide
    static Arbitrary<JsonNode> anyCounts() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.doubles().map(d -> NODES.textNode(Double.toString(d))),
                Arbitraries.of("NaN", "Infinity", "-Infinity", "-0", "1e400", "-1e400", "0x10", "4d", " 4 ", "")
                        .map(NODES::textNode),
                Arbitraries.strings().ofMaxLength(20).map(NODES::textNode));
    }

    @Provide
    static Arbitrary<JsonNode> anyRpoHours() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.doubles().between(0, 0.01).map(NODES::numberNode),
                Arbitraries.of("NaN", "Infinity", "1e300", "1e17", "0.001").map(NODES::textNode));
    }

    @Provide
    static Arbitrary<String> textFields() {
        return Arbitraries.of("recoveryRegion", "recoveryAccount", "recoveryKmsKey", "timeZone");
    }

    @Provide
    static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars("us-east-1/Europe+:\u2028\u202e").ofMaxLength(40),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8).map(unit -> unit.repeat(100_000 / unit.length())));
    }

    private static void number(ObjectNode node, String field, double value, boolean asString) {
        if (asString) {
            node.put(field, value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
        } else {
            node.put(field, value);
        }
    }

    private static String document(String name, JsonNode policy) {
        ObjectNode root = NODES.objectNode();
        root.putObject("policies").set(name, policy);
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isSafeToLog(String message) {
        return message.length() < 400 && message.chars().noneMatch(Character::isISOControl);
    }
}
