package dev.lifeboat.shared.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy document's {@code drills} settings per policy and its {@code prices} for the health report. */
class DrillsAndPricesPolicyTest {

    private static final Policy DEFAULT = PolicyDocument.parseDefault("");

    @Test
    void aPolicyWithoutDrillsDoesNotDrillAndPricesDefaultToTheListPrices() {
        // WHEN a document names neither drills nor prices
        PolicyDocument document = PolicyDocument.parse("{\"policies\": {\"gold\": {\"rpoHours\": 4}}}", DEFAULT);

        // THEN no policy drills, and the prices are AWS's us-east-1 list prices
        assertThat(document.find("gold").orElseThrow().drills()).isEqualTo(DrillSettings.OFF);
        assertThat(document.prices()).isEqualTo(StoragePrices.DEFAULT);
        assertThat(document.prices().ebsSnapshotStandard()).isEqualTo(0.05);
    }

    @Test
    void readsDrillSettingsAndInheritsThemFromTheDefaultPolicy() {
        // WHEN the default policy drills into an isolated subnet group and one policy changes only the window
        PolicyDocument document = PolicyDocument.parse("""
                {"policies": {
                  "default": {"drills": {"enabled": true, "subnetGroup": "lifeboat-drill", "securityGroups": ["sg-0a1b2c"],
                                         "availabilityZone": "us-west-2b"}},
                  "gold": {"drills": {"recentDays": 3}},
                  "bronze": {"drills": {"enabled": false}}}}""", DEFAULT);

        // THEN gold drills with the default's target and its own window; bronze does not drill
        DrillSettings gold = document.find("gold").orElseThrow().drills();
        assertThat(gold).isEqualTo(new DrillSettings(true, 3, Optional.of("lifeboat-drill"), List.of("sg-0a1b2c"),
                Optional.of("us-west-2b")));
        assertThat(document.find("bronze").orElseThrow().drills().enabled()).isFalse();
    }

    @Test
    void readsPricesAndKeepsTheListPriceForThoseLeftOut() {
        // WHEN a document sets two prices
        PolicyDocument document = PolicyDocument.parse("""
                {"policies": {}, "prices": {"ebsSnapshotStandard": 0.055, "backupCold": "0.011"}}""", DEFAULT);

        // THEN those two change and the rest stay
        assertThat(document.prices()).isEqualTo(new StoragePrices(0.055, 0.0125, 0.095, 0.021, 0.05, 0.011));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"policies\": {\"gold\": {\"drills\": true}}}                                   | policies.gold.drills",
            "{\"policies\": {\"gold\": {\"drills\": {\"enabled\": \"yes\"}}}}                 | policies.gold.drills.enabled",
            "{\"policies\": {\"gold\": {\"drills\": {\"recentDays\": 0}}}}                    | policies.gold.drills.recentDays",
            "{\"policies\": {\"gold\": {\"drills\": {\"subnetGroup\": \"a b\"}}}}              | policies.gold.drills.subnetGroup",
            "{\"policies\": {\"gold\": {\"drills\": {\"securityGroups\": \"sg-1\"}}}}          | policies.gold.drills.securityGroups",
            "{\"policies\": {\"gold\": {\"drills\": {\"securityGroups\": [\"sg-1\", \"x\"]}}}} | policies.gold.drills.securityGroups[1]",
            "{\"policies\": {\"gold\": {\"drills\": {\"availabilityZone\": \"us-west-2\"}}}}  | policies.gold.drills.availabilityZone",
            "{\"policies\": {}, \"prices\": []}                                                | prices",
            "{\"policies\": {}, \"prices\": {\"rdsSnapshot\": -1}}                             | prices.rdsSnapshot",
            "{\"policies\": {}, \"prices\": {\"auroraSnapshot\": \"cheap\"}}                   | prices.auroraSnapshot",
    })
    void refusesAWrongValueNamingItsField(String json, String field) {
        // WHEN a document has a wrong drills or prices value THEN it is refused, naming the field
        assertThatExceptionOfType(InvalidPolicyException.class)
                .isThrownBy(() -> PolicyDocument.parse(json, DEFAULT))
                .withMessageStartingWith("field '" + field + "':");
    }
}
