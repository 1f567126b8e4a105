package dev.lifeboat.shared.policy;

/**
 * What a GB-month of each kind of copy costs, in US dollars, for the health report's estimate.
 * The defaults are AWS's published us-east-1 list prices; a policy document's {@code prices}
 * object overrides any of them for the recovery region that is actually used.
 */
public record StoragePrices(double ebsSnapshotStandard, double ebsSnapshotArchive, double rdsSnapshot,
                            double auroraSnapshot, double backupWarm, double backupCold) {

    public static final StoragePrices DEFAULT = new StoragePrices(0.05, 0.0125, 0.095, 0.021, 0.05, 0.01);

    public StoragePrices {
        for (double price : new double[] {ebsSnapshotStandard, ebsSnapshotArchive, rdsSnapshot, auroraSnapshot, backupWarm, backupCold}) {
            if (!Double.isFinite(price) || price < 0) {
                throw new IllegalArgumentException("a price must be a finite amount, 0 or more");
            }
        }
    }
}
