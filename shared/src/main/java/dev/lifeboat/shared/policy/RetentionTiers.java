package dev.lifeboat.shared.policy;

/** How many copies each grandfather-father-son tier keeps: the newest per day, week, month and year. */
public record RetentionTiers(int daily, int weekly, int monthly, int yearly) {

    public static final RetentionTiers DEFAULT = new RetentionTiers(7, 4, 12, 1);

    public RetentionTiers {
        if (daily < 0 || weekly < 0 || monthly < 0 || yearly < 0) {
            throw new IllegalArgumentException("retention counts must not be negative");
        }
    }
}
