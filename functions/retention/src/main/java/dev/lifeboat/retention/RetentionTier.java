package dev.lifeboat.retention;

import dev.lifeboat.shared.policy.RetentionTiers;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * A grandfather-father-son tier: its calendar period, in the policy's time zone (weeks are ISO
 * weeks, starting on Monday), and how many of them a policy keeps.
 */
public enum RetentionTier {

    DAILY, WEEKLY, MONTHLY, YEARLY;

    /** How many periods of this tier the policy keeps. */
    public int count(RetentionTiers tiers) {
        return switch (this) {
            case DAILY -> tiers.daily();
            case WEEKLY -> tiers.weekly();
            case MONTHLY -> tiers.monthly();
            case YEARLY -> tiers.yearly();
        };
    }

    /** The period holding {@code date} (a local date in the policy's zone), as a readable label: equal labels, same period. */
    public String period(LocalDate date) {
        return switch (this) {
            case DAILY -> date.toString();
            case WEEKLY -> String.format(Locale.ROOT, "%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTHLY -> String.format(Locale.ROOT, "%d-%02d", date.getYear(), date.getMonthValue());
            case YEARLY -> Integer.toString(date.getYear());
        };
    }

    /** The first day of the period holding {@code date}. */
    public LocalDate periodStart(LocalDate date) {
        return switch (this) {
            case DAILY -> date;
            case WEEKLY -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> date.withDayOfMonth(1);
            case YEARLY -> date.withDayOfYear(1);
        };
    }

    /** {@code periods} of this tier after {@code date}. */
    public LocalDate plus(LocalDate date, int periods) {
        return switch (this) {
            case DAILY -> date.plusDays(periods);
            case WEEKLY -> date.plusWeeks(periods);
            case MONTHLY -> date.plusMonths(periods);
            case YEARLY -> date.plusYears(periods);
        };
    }

    /** The local date of {@code instant} in {@code zone}: what every period is computed from. */
    public static LocalDate localDate(Instant instant, ZoneId zone) {
        return LocalDate.ofInstant(instant, zone);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
