package dev.lifeboat.shared.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RetentionTiers}: how many copies each tier keeps, never a negative number. */
class RetentionTiersTest {

    @Test
    void theDefaultKeepsAWeekOfDailiesAMonthOfWeekliesAYearOfMonthliesAndOneYearly() {
        // WHEN the default tiers are read
        RetentionTiers tiers = RetentionTiers.DEFAULT;

        // THEN they are 7 daily, 4 weekly, 12 monthly, 1 yearly
        assertThat(tiers).isEqualTo(new RetentionTiers(7, 4, 12, 1));
    }

    @Test
    void allowsATierThatKeepsNothing() {
        // WHEN every tier keeps zero copies
        RetentionTiers tiers = new RetentionTiers(0, 0, 0, 0);

        // THEN that is allowed
        assertThat(tiers.daily() + tiers.weekly() + tiers.monthly() + tiers.yearly()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"-1, 0, 0, 0", "0, -1, 0, 0", "0, 0, -1, 0", "0, 0, 0, -1", "-2147483648, 7, 4, 12"})
    void refusesANegativeCountInAnyTier(int daily, int weekly, int monthly, int yearly) {
        // WHEN a tier would keep a negative number of copies
        // THEN the tiers are refused
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetentionTiers(daily, weekly, monthly, yearly))
                .withMessage("retention counts must not be negative");
    }
}
