package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.event.RdsSnapshotEvent.Kind;
import dev.lifeboat.shared.ledger.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * Looks at every copy still holding a slot for copies into this Region and settles the finished
 * ones: Aurora cluster snapshot copies raise no completion event, RDS raises none when a copy
 * fails, and any event can be lost. A slot whose copy never started (a crash between taking the
 * slot and starting the copy) is freed; a copy still unfinished after the maximum age is given up
 * on, freed and alerted, so that no slot stays taken forever.
 */
public final class CopyStatusPoller {

    /** How many slots were looked at, settled and freed by one poll. */
    public record PollResult(int inFlight, int settled, int freed) {
    }

    private static final Duration START_GRACE = Duration.ofMinutes(15);

    private final Ledger ledger;
    private final CopyCompletionService completions;
    private final EbsSnapshots ebs;
    private final RdsSnapshots rds;
    private final BackupCopyJobs backup;
    private final List<String> destinations;
    private final Duration maxAge;
    private final Clock clock;

    public CopyStatusPoller(Ledger ledger, CopyCompletionService completions, EbsSnapshots ebs, RdsSnapshots rds, BackupCopyJobs backup,
                            List<String> destinations, Duration maxAge, Clock clock) {
        this.ledger = ledger;
        this.completions = completions;
        this.ebs = ebs;
        this.rds = rds;
        this.backup = backup;
        this.destinations = List.copyOf(destinations);
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public PollResult poll() {
        int inFlight = 0;
        int settled = 0;
        int freed = 0;
        Instant now = clock.instant();
        for (String destination : destinations) {
            for (String type : ResourceTypes.ALL) {
                String pool = CopySlots.pool(type, destination);
                for (Ledger.Slot slot : new ArrayList<>(ledger.slots(pool).values())) {
                    inFlight++;
                    String copyId = slot.details().get(CopySlots.COPY_ID);
                    if (copyId == null) {
                        if (slot.since().plus(START_GRACE).isBefore(now) && ledger.releaseSlot(pool, slot.holder())) {
                            freed++;
                        }
                        continue;
                    }
                    String copyRegion = slot.details().getOrDefault(CopySlots.COPY_REGION, destination);
                    Optional<Boolean> finished = finished(type, copyRegion, copyId);
                    if (finished.isPresent()) {
                        completions.settle(type, copyRegion, copyId, finished.get(), finished.get() ? "" : "the copy "
                                + (state(type, copyRegion, copyId).orElse("no longer exists")));
                        settled++;
                    } else if (slot.since().plus(maxAge).isBefore(now)) {
                        completions.settle(type, copyRegion, copyId, false, "unfinished after " + maxAge.toHours()
                                + " hours; Lifeboat stopped waiting for it");
                        settled++;
                    }
                }
            }
        }
        return new PollResult(inFlight, settled, freed);
    }

    /** True when finished well, false when failed or gone, empty while still in progress. */
    private Optional<Boolean> finished(String type, String copyRegion, String copyId) {
        Optional<String> state = state(type, copyRegion, copyId);
        if (state.isEmpty()) {
            return Optional.of(false);
        }
        return switch (state.get().toLowerCase(Locale.ROOT)) {
            case "completed", "available" -> Optional.of(true);
            case "error", "failed", "aborted", "partial", "incompatible-restore", "deleted", "deleting" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private Optional<String> state(String type, String copyRegion, String copyId) {
        Region region = Region.of(copyRegion);
        return switch (type) {
            case ResourceTypes.EBS_SNAPSHOT -> ebs.describe(region, copyId).map(SourceSnapshot::state);
            case ResourceTypes.RDS_SNAPSHOT -> rds.describe(region, Kind.DB_SNAPSHOT, copyId).map(RdsSnapshots.RdsSnapshot::status);
            case ResourceTypes.AURORA_CLUSTER_SNAPSHOT -> rds.describe(region, Kind.CLUSTER_SNAPSHOT, copyId).map(RdsSnapshots.RdsSnapshot::status);
            case ResourceTypes.BACKUP_RECOVERY_POINT -> backup.describeCopyJob(region, copyId).map(BackupCopyJobs.CopyJobStatus::state);
            default -> Optional.of("unknown");
        };
    }
}
