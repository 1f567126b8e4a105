package dev.lifeboat.shared.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PolicyDocument}: the default policy and the named policies, and the exact field it names when it refuses one. */
class PolicyDocumentTest {

    /** The JSON the template builds from its parameters for the default policy. */
    private static final String TEMPLATE_DEFAULT = """
            {"rpoHours": 24, "recoveryRegion": "us-west-2", "recoveryAccount": "", "recoveryKmsKey": "alias/lifeboat-recovery",
             "retention": {"daily": 7, "weekly": 4, "monthly": 12, "yearly": 1}}""";

    /** A default whose every value differs from the built-in one and from the policies below, so inheritance shows. */
    private static final Policy DEFAULT = new Policy("default", Duration.ofHours(12), "eu-west-1",
            Optional.of("999988887777"), "alias/dr", new RetentionTiers(5, 3, 6, 2), 30, ZoneId.of("Europe/Dublin"));

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\n"})
    void usesTheBuiltInDefaultWhenNoDefaultPolicyIsGiven(String json) {
        // WHEN the default policy is read from nothing
        Policy policy = PolicyDocument.parseDefault(json);

        // THEN it is the built-in default: daily RPO, copies to us-west-2 in the same account under the Lifeboat key
        assertThat(policy).isEqualTo(new Policy("default", Duration.ofHours(24), "us-west-2", Optional.empty(),
                "alias/lifeboat-recovery", new RetentionTiers(7, 4, 12, 1), 0, ZoneOffset.UTC));
    }

    @Test
    void readsTheDefaultPolicyTheTemplateBuilds() {
        // WHEN the default policy is read from the JSON the template builds
        Policy policy = PolicyDocument.parseDefault(TEMPLATE_DEFAULT);

        // THEN it has those values, an empty recovery account meaning "this account"
        assertThat(policy.name()).isEqualTo("default");
        assertThat(policy.rpo()).isEqualTo(Duration.ofHours(24));
        assertThat(policy.recoveryRegion()).isEqualTo("us-west-2");
        assertThat(policy.recoveryAccount()).isEmpty();
        assertThat(policy.recoveryKmsKey()).isEqualTo("alias/lifeboat-recovery");
        assertThat(policy.retention()).isEqualTo(new RetentionTiers(7, 4, 12, 1));
        assertThat(policy.archiveAfterDays()).isZero();
        assertThat(policy.timeZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void readsADefaultPolicyWithARecoveryAccount() {
        // WHEN the template's default names a recovery account
        Policy policy = PolicyDocument.parseDefault(TEMPLATE_DEFAULT.replace("\"recoveryAccount\": \"\"", "\"recoveryAccount\": \"222233334444\""));

        // THEN copies go to that account
        assertThat(policy.recoveryAccount()).contains("222233334444");
    }

    @Test
    void namesTheDefaultPolicysFieldWhenItIsInvalid() {
        // WHEN the template's default has a zero RPO
        // THEN the error says it is the default policy's field
        assertThatExceptionOfType(InvalidPolicyException.class)
                .isThrownBy(() -> PolicyDocument.parseDefault(TEMPLATE_DEFAULT.replace("\"rpoHours\": 24", "\"rpoHours\": 0")))
                .withMessage("field 'DEFAULT_POLICY.rpoHours': must be positive");
    }

    @Test
    void refusesADefaultPolicyThatIsNotJson() {
        // WHEN the default policy is not JSON
        // THEN it is refused as not JSON
        assertThatExceptionOfType(InvalidPolicyException.class)
                .isThrownBy(() -> PolicyDocument.parseDefault("rpoHours=24"))
                .withMessageStartingWith("the DEFAULT_POLICY is not JSON");
    }

    @Test
    void readsAFullyWrittenPolicy() {
        // GIVEN the document of PolicyDocument's Javadoc
        String json = """
                {"policies": {"gold": {"rpoHours": 4, "recoveryRegion": "us-west-2", "recoveryAccount": "222233334444",
                  "recoveryKmsKey": "alias/lifeboat-recovery", "retention": {"daily": 7, "weekly": 4, "monthly": 12, "yearly": 3},
                  "archiveAfterDays": 90, "timeZone": "Europe/Berlin"}}}""";

        // WHEN it is parsed
        PolicyDocument document = PolicyDocument.parse(json, DEFAULT);

        // THEN gold has exactly those values
        assertThat(document.find("gold")).contains(new Policy("gold", Duration.ofHours(4), "us-west-2",
                Optional.of("222233334444"), "alias/lifeboat-recovery", new RetentionTiers(7, 4, 12, 3), 90,
                ZoneId.of("Europe/Berlin")));
    }

    @Test
    void takesEveryFieldAPolicyLeavesOutFromTheDefault() {
        // GIVEN a policy that only sets its RPO
        String json = doc("{'policies': {'gold': {'rpoHours': 4}}}");

        // WHEN it is parsed
        PolicyDocument document = PolicyDocument.parse(json, DEFAULT);

        // THEN everything else is the default's
        assertThat(document.find("gold")).contains(new Policy("gold", Duration.ofHours(4), "eu-west-1",
                Optional.of("999988887777"), "alias/dr", new RetentionTiers(5, 3, 6, 2), 30, ZoneId.of("Europe/Dublin")));
    }

    @Test
    void anEmptyPolicyIsTheDefaultUnderItsOwnName() {
        // GIVEN a policy with no fields
        String json = doc("{'policies': {'bronze': {}}}");

        // WHEN it is parsed
        PolicyDocument document = PolicyDocument.parse(json, DEFAULT);

        // THEN it is the default with its own name
        assertThat(document.find("bronze")).contains(new Policy("bronze", DEFAULT.rpo(), DEFAULT.recoveryRegion(),
                DEFAULT.recoveryAccount(), DEFAULT.recoveryKmsKey(), DEFAULT.retention(), DEFAULT.archiveAfterDays(),
                DEFAULT.timeZone()));
    }

    @Test
    void takesTheRetentionTiersAPolicyLeavesOutFromTheDefault() {
        // GIVEN a policy that only changes how many weekly copies it keeps
        String json = doc("{'policies': {'gold': {'retention': {'weekly': 8}}}}");

        // WHEN it is parsed
        PolicyDocument document = PolicyDocument.parse(json, DEFAULT);

        // THEN the other tiers are the default's
        assertThat(document.find("gold")).map(Policy::retention).contains(new RetentionTiers(5, 8, 6, 2));
    }

    @Test
    void anEmptyRecoveryAccountOverridesTheDefaultsAccount() {
        // GIVEN a default copying to another account, and a policy that copies within this one
        String json = doc("{'policies': {'local': {'recoveryAccount': ''}}}");

        // WHEN it is parsed
        PolicyDocument document = PolicyDocument.parse(json, DEFAULT);

        // THEN that policy has no recovery account
        assertThat(document.find("local")).map(Policy::recoveryAccount).contains(Optional.empty());
    }

    @Test
    void aDefaultEntryOverridesTheDefaultForTheOtherPolicies() {
        // GIVEN a document whose default entry changes the recovery region and the yearly tier
        String json = doc("""
                {'policies': {
                  'gold': {'rpoHours': 4},
                  'default': {'recoveryRegion': 'ca-central-1', 'retention': {'yearly': 7}}}}""");

        // WHEN it is parsed (the default entry coming after the policy that inherits from it)
        PolicyDocument document = PolicyDocument.parse(json, DEFAULT);

        // THEN the other policies inherit the overridden values, and the rest from the given default
        Policy gold = document.find("gold").orElseThrow();
        assertThat(gold.recoveryRegion()).isEqualTo("ca-central-1");
        assertThat(gold.retention()).isEqualTo(new RetentionTiers(5, 3, 6, 7));
        assertThat(gold.recoveryKmsKey()).isEqualTo("alias/dr");
        assertThat(gold.rpo()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void aDefaultEntryIsTheDefaultPolicyFoundByName() {
        // GIVEN a document whose default entry changes the RPO
        String json = doc("{'policies': {'default': {'rpoHours': 6}}}");

        // WHEN it is parsed
        PolicyDocument document = PolicyDocument.parse(json, DEFAULT);

        // THEN the policy named default has it, with the given default's other values
        Policy defaultPolicy = document.find("default").orElseThrow();
        assertThat(defaultPolicy.rpo()).isEqualTo(Duration.ofHours(6));
        assertThat(defaultPolicy.recoveryRegion()).isEqualTo("eu-west-1");
    }

    @Test
    void theGivenDefaultIsFoundByNameWhenTheDocumentHasNoDefaultEntry() {
        // WHEN a document without a default entry is parsed
        PolicyDocument document = PolicyDocument.parse(doc("{'policies': {'gold': {}}}"), DEFAULT);

        // THEN the default policy is still there, as given
        assertThat(document.find("default")).contains(DEFAULT);
        assertThat(document.policies()).containsOnlyKeys("default", "gold");
    }

    @Test
    void aPolicyTheDocumentDoesNotNameIsNotFound() {
        // WHEN a document is asked for a policy it does not have
        PolicyDocument document = PolicyDocument.parse(doc("{'policies': {'gold': {}}}"), DEFAULT);

        // THEN there is none (names are case-sensitive, like tag values)
        assertThat(document.find("silver")).isEmpty();
        assertThat(document.find("Gold")).isEmpty();
    }

    @Test
    void onlyDefaultHoldsTheDefaultPolicyAlone() {
        // WHEN a document is made of the default policy only
        PolicyDocument document = PolicyDocument.onlyDefault(DEFAULT);

        // THEN it finds the default and nothing else
        assertThat(document.policies()).containsExactly(Map.entry("default", DEFAULT));
    }

    @Test
    void acceptsNumbersWrittenAsStrings() {
        // GIVEN a policy whose numbers are all strings, as hand-written SSM parameters often have them
        String json = doc("""
                {'policies': {'gold': {'rpoHours': '4', 'archiveAfterDays': '90',
                  'retention': {'daily': ' 7 ', 'weekly': '4', 'monthly': '12', 'yearly': '3'}}}}""");

        // WHEN it is parsed
        Policy gold = PolicyDocument.parse(json, DEFAULT).find("gold").orElseThrow();

        // THEN the numbers are read
        assertThat(gold.rpo()).isEqualTo(Duration.ofHours(4));
        assertThat(gold.archiveAfterDays()).isEqualTo(90);
        assertThat(gold.retention()).isEqualTo(new RetentionTiers(7, 4, 12, 3));
    }

    @ParameterizedTest
    @CsvSource({"1.5, 90", "0.25, 15", "'\"0.5\"', 30", "168, 10080"})
    void readsFractionalRpoHoursToTheMinute(String rpoHours, long minutes) {
        // WHEN a policy's RPO is a fraction of an hour
        Policy gold = PolicyDocument.parse("{\"policies\": {\"gold\": {\"rpoHours\": " + rpoHours + "}}}", DEFAULT)
                .find("gold").orElseThrow();

        // THEN it is kept to the minute
        assertThat(gold.rpo()).isEqualTo(Duration.ofMinutes(minutes));
    }

    @Test
    void trimsTextFields() {
        // GIVEN a policy whose region, key and zone carry stray spaces
        String json = doc("{'policies': {'gold': {'recoveryRegion': ' us-east-2 ', 'recoveryKmsKey': ' alias/k ', 'timeZone': ' UTC '}}}");

        // WHEN it is parsed
        Policy gold = PolicyDocument.parse(json, DEFAULT).find("gold").orElseThrow();

        // THEN the values are trimmed
        assertThat(gold.recoveryRegion()).isEqualTo("us-east-2");
        assertThat(gold.recoveryKmsKey()).isEqualTo("alias/k");
        assertThat(gold.timeZone()).isEqualTo(ZoneId.of("UTC"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "'-0.5'", "'0'"})
    void refusesAnRpoThatIsNotPositive(String rpoHours) {
        // WHEN a policy's RPO is zero or negative
        // THEN policies.gold.rpoHours is named
        assertRefused("{'policies': {'gold': {'rpoHours': " + rpoHours + "}}}", "field 'policies.gold.rpoHours': must be positive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'four'", "''", "true", "[4]", "{'hours': 4}"})
    void refusesAnRpoThatIsNotANumber(String rpoHours) {
        // WHEN a policy's RPO is text, a boolean, an array or an object
        // THEN policies.gold.rpoHours is named
        assertRefused("{'policies': {'gold': {'rpoHours': " + rpoHours + "}}}", "field 'policies.gold.rpoHours': expected a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'US-WEST-2'", "'oregon'", "'us-west'", "'us-west-2a'", "''"})
    void refusesARecoveryRegionThatIsNotARegionCode(String region) {
        // WHEN a policy's recovery region is not an AWS region code
        // THEN policies.gold.recoveryRegion is named
        assertRefusedStartingWith("{'policies': {'gold': {'recoveryRegion': " + region + "}}}",
                "field 'policies.gold.recoveryRegion': not an AWS region");
    }

    @Test
    void refusesARecoveryRegionThatIsNotAString() {
        // WHEN a policy's recovery region is a list
        // THEN policies.gold.recoveryRegion is named
        assertRefused("{'policies': {'gold': {'recoveryRegion': ['us-west-2']}}}",
                "field 'policies.gold.recoveryRegion': expected a string");
    }

    @Test
    void acceptsTheEuropeanSovereignCloudRegion() {
        // WHEN a policy copies to eusc-de-east-1
        Policy policy = PolicyDocument.parse(doc("{'policies': {'eu': {'recoveryRegion': 'eusc-de-east-1'}}}"), DEFAULT)
                .find("eu").orElseThrow();

        // THEN the region is kept
        assertThat(policy.recoveryRegion()).isEqualTo("eusc-de-east-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'22223333444'", "'2222333344445'", "'2222-3333-4444'", "'abcdefghijkl'"})
    void refusesARecoveryAccountThatIsNotTwelveDigits(String account) {
        // WHEN a policy's recovery account is not twelve digits
        // THEN policies.gold.recoveryAccount is named
        assertRefused("{'policies': {'gold': {'recoveryAccount': " + account + "}}}",
                "field 'policies.gold.recoveryAccount': not a 12-digit account id");
    }

    @Test
    void refusesARecoveryAccountWrittenAsANumber() {
        // WHEN a policy's recovery account is a JSON number (which would lose leading zeros)
        // THEN policies.gold.recoveryAccount is named as not a string
        assertRefused("{'policies': {'gold': {'recoveryAccount': 222233334444}}}",
                "field 'policies.gold.recoveryAccount': expected a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"''", "'   '"})
    void refusesABlankRecoveryKey(String key) {
        // WHEN a policy's recovery key is blank
        // THEN policies.gold.recoveryKmsKey is named
        assertRefused("{'policies': {'gold': {'recoveryKmsKey': " + key + "}}}",
                "field 'policies.gold.recoveryKmsKey': must name the recovery region's KMS key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "'-2'", "'0.5'"})
    void refusesAWeeklyTierThatIsNotAWholeNumberOfCopies(String weekly) {
        // WHEN a policy keeps a negative, fractional or undefined number of weekly copies
        // THEN policies.gold.retention.weekly is named
        assertRefused("{'policies': {'gold': {'retention': {'weekly': " + weekly + "}}}}",
                "field 'policies.gold.retention.weekly': expected a whole number of copies, 0 or more");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'NaN'", "'-Infinity'"})
    void refusesAnUndefinedOrInfiniteNegativeWeeklyTier(String weekly) {
        // WHEN a policy's weekly count is a number Java parses but no count of copies could be
        // THEN policies.gold.retention.weekly is named
        assertRefusedStartingWith("{'policies': {'gold': {'retention': {'weekly': " + weekly + "}}}}",
                "field 'policies.gold.retention.weekly': ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'many'", "true", "[4]"})
    void refusesAWeeklyTierThatIsNotANumber(String weekly) {
        // WHEN a policy's weekly count is a word, a boolean or a list
        // THEN policies.gold.retention.weekly is named
        assertRefused("{'policies': {'gold': {'retention': {'weekly': " + weekly + "}}}}",
                "field 'policies.gold.retention.weekly': expected a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"daily", "monthly", "yearly"})
    void namesTheTierThatIsNegative(String tier) {
        // WHEN a policy keeps a negative number of copies in one tier
        // THEN that tier's path is named
        assertRefused("{'policies': {'gold': {'retention': {'" + tier + "': -1}}}}",
                "field 'policies.gold.retention." + tier + "': expected a whole number of copies, 0 or more");
    }

    @Test
    void acceptsZeroCopiesInATier() {
        // WHEN a policy keeps no yearly copies
        Policy gold = PolicyDocument.parse(doc("{'policies': {'gold': {'retention': {'yearly': 0}}}}"), DEFAULT)
                .find("gold").orElseThrow();

        // THEN the yearly tier is empty
        assertThat(gold.retention().yearly()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[7, 4, 12, 1]", "'7/4/12/1'", "true"})
    void refusesRetentionThatIsNotAnObject(String retention) {
        // WHEN a policy's retention is not an object of tiers
        // THEN policies.gold.retention is named
        assertRefused("{'policies': {'gold': {'retention': " + retention + "}}}",
                "field 'policies.gold.retention': expected an object with daily, weekly, monthly, yearly");
    }

    @Test
    void refusesANegativeArchiveAge() {
        // WHEN a policy archives copies after -1 days
        // THEN policies.gold.archiveAfterDays is named
        assertRefused("{'policies': {'gold': {'archiveAfterDays': -1}}}",
                "field 'policies.gold.archiveAfterDays': must not be negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.5", "1.5", "'NaN'"})
    void refusesAnArchiveAgeThatIsNotAWholeNumberOfDays(String days) {
        // WHEN a policy archives copies after a fractional or undefined number of days
        // THEN policies.gold.archiveAfterDays is named
        assertRefusedStartingWith("{'policies': {'gold': {'archiveAfterDays': " + days + "}}}",
                "field 'policies.gold.archiveAfterDays'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus_Mons", "CEST", "+25:00", ""})
    void refusesATimeZoneThatDoesNotExist(String zone) {
        // WHEN a policy names a time zone Java does not know
        // THEN policies.gold.timeZone is named, quoting it
        assertRefused("{'policies': {'gold': {'timeZone': '" + zone + "'}}}",
                "field 'policies.gold.timeZone': not a time zone: '" + zone + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Berlin", "America/New_York", "UTC", "+02:00"})
    void acceptsRegionBasedAndOffsetTimeZones(String zone) {
        // WHEN a policy names a region-based zone or a fixed offset
        Policy gold = PolicyDocument.parse(doc("{'policies': {'gold': {'timeZone': '" + zone + "'}}}"), DEFAULT)
                .find("gold").orElseThrow();

        // THEN the zone is kept
        assertThat(gold.timeZone()).isEqualTo(ZoneId.of(zone));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gold standard", "", "gold/../etc", "gold\"", "café"})
    void refusesAPolicyNameATagCouldNotCarry(String name) {
        // WHEN a document names a policy with characters outside letters, digits and _.:+=@-
        String json = "{\"policies\": {\"" + name.replace("\"", "\\\"") + "\": {}}}";

        // THEN the name is refused, with its path
        assertThatExceptionOfType(InvalidPolicyException.class)
                .isThrownBy(() -> PolicyDocument.parse(json, DEFAULT))
                .withMessage("field 'policies." + name + "': a policy name is 1 to 128 letters, digits or _.:+=@-");
    }

    @Test
    void refusesAPolicyNameLongerThan128Characters() {
        // WHEN a policy's name is 129 characters long
        String json = "{\"policies\": {\"" + "g".repeat(129) + "\": {}}}";

        // THEN it is refused, quoting a bounded part of the name
        assertThatExceptionOfType(InvalidPolicyException.class)
                .isThrownBy(() -> PolicyDocument.parse(json, DEFAULT))
                .withMessage("field 'policies." + "g".repeat(64) + "…': a policy name is 1 to 128 letters, digits or _.:+=@-");
    }

    @Test
    void refusesAHostilePolicyNameInAShortPrintableMessage() {
        // WHEN a policy's name carries a line break and 40,000 characters (Jackson refuses names over 50,000)
        String json = "{\"policies\": {\"gold\\n" + "x".repeat(40_000) + "\": {}}}";

        // THEN the message is one short line
        assertThatExceptionOfType(InvalidPolicyException.class)
                .isThrownBy(() -> PolicyDocument.parse(json, DEFAULT))
                .satisfies(e -> assertThat(e.getMessage()).startsWith("field 'policies.gold?x").hasSizeLessThan(400)
                        .doesNotContain("\n"));
    }

    @Test
    void refusesAMegabytePolicyNameAsNotJsonInAShortMessage() {
        // WHEN a policy's name is a megabyte long
        String json = "{\"policies\": {\"" + "x".repeat(1 << 20) + "\": {}}}";

        // THEN Jackson's 50,000-character name limit refuses the document, in a short message
        assertThatExceptionOfType(InvalidPolicyException.class)
                .isThrownBy(() -> PolicyDocument.parse(json, DEFAULT))
                .satisfies(e -> assertThat(e.getMessage()).startsWith("the policy document is not JSON").hasSizeLessThan(400));
    }

    @Test
    void acceptsEveryCharacterAPolicyNameMayHave() {
        // WHEN a policy's name uses every allowed punctuation mark
        PolicyDocument document = PolicyDocument.parse(doc("{'policies': {'Gold_1.a:b+c=d@e-f': {}}}"), DEFAULT);

        // THEN it is found by that name
        assertThat(document.find("Gold_1.a:b+c=d@e-f")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"'gold'", "4", "[]", "null"})
    void refusesAPolicyThatIsNotAnObject(String policy) {
        // WHEN a document's policy is a string, number, array or null
        // THEN policies.gold is named
        assertRefused("{'policies': {'gold': " + policy + "}}", "field 'policies.gold': expected an object");
    }

    @Test
    void namesTheDefaultEntryWhenItIsInvalid() {
        // WHEN the document's default entry has a bad region
        // THEN policies.default is named
        assertRefusedStartingWith("{'policies': {'default': {'recoveryRegion': 'nowhere'}}}",
                "field 'policies.default.recoveryRegion'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"policies: gold", "{'policies': ", "{policies: {}}"})
    void refusesADocumentThatIsNotJson(String json) {
        // WHEN the policy document is not JSON
        // THEN it is refused as a whole
        assertRefusedStartingWith(json, "the policy document is not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'gold'", "42", "", "null"})
    void refusesADocumentThatIsNotAnObject(String json) {
        // WHEN the policy document is an array, a string, a number, empty or null
        // THEN it is refused as a whole
        assertRefused(json, "the policy document is not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'gold': {'rpoHours': 4}}", "{'policies': []}", "{'policies': 'gold'}", "{'policies': null}"})
    void refusesADocumentWithoutAnObjectOfPolicies(String json) {
        // WHEN the document has no policies object
        // THEN policies is named
        assertRefused(json, "field 'policies': expected an object of named policies");
    }

    @Test
    void refusesTheWholeDocumentWhenOnePolicyIsInvalid() {
        // WHEN one of two policies is invalid
        // THEN the document is refused, naming the invalid one
        assertRefused("{'policies': {'silver': {'rpoHours': 8}, 'gold': {'rpoHours': 0}}}",
                "field 'policies.gold.rpoHours': must be positive");
    }

    @Test
    void refusesAnRpoThatIsNotANumberEvenWhenJavaCanParseIt() {
        // WHEN a policy's RPO is the text NaN
        // THEN policies.gold.rpoHours is named
        assertRefusedStartingWith("{'policies': {'gold': {'rpoHours': 'NaN'}}}", "field 'policies.gold.rpoHours'");
    }

    @Test
    void refusesAnRpoThatRoundsToZeroMinutes() {
        // WHEN a policy's RPO is a thousandth of an hour (3.6 s)
        // THEN policies.gold.rpoHours is named rather than becoming a zero RPO
        assertRefusedStartingWith("{'policies': {'gold': {'rpoHours': 0.001}}}", "field 'policies.gold.rpoHours'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e300", "'Infinity'", "1e17"})
    void refusesAnRpoTooLargeForADurationNamingTheField(String rpoHours) {
        // WHEN a policy's RPO is astronomically large
        // THEN policies.gold.rpoHours is named
        assertRefusedStartingWith("{'policies': {'gold': {'rpoHours': " + rpoHours + "}}}", "field 'policies.gold.rpoHours'");
    }

    /** JSON written with single quotes, for readability; none of these documents has a quote in its values. */
    private static String doc(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static void assertRefused(String singleQuoted, String message) {
        assertThatExceptionOfType(InvalidPolicyException.class)
                .isThrownBy(() -> PolicyDocument.parse(doc(singleQuoted), DEFAULT))
                .withMessage(message);
    }

    private static void assertRefusedStartingWith(String singleQuoted, String message) {
        assertThatExceptionOfType(InvalidPolicyException.class)
                .isThrownBy(() -> PolicyDocument.parse(doc(singleQuoted), DEFAULT))
                .withMessageStartingWith(message);
    }
}
