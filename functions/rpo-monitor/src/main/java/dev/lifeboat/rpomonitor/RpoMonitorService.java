package dev.lifeboat.rpomonitor;

import dev.lifeboat.shared.event.SafeText;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hourly check: lists the recovery region's copies (EBS, RDS, Aurora by provenance tags; AWS
 * Backup recovery points in the recovery vault) and, when it answers, the primary region's tagged
 * resources; measures each resource's newest completed copy against its RPO; alerts on problems
 * and their end. The recovery region's snapshots are the source of truth: failing to list them
 * fails the run. The primary region and the vault are extra views: their failure is logged and
 * reported, and the run goes on without them.
 */
public final class RpoMonitorService {

    private static final Logger LOG = LoggerFactory.getLogger(RpoMonitorService.class);

    private final RecoveryRegionCopies snapshots;
    private final Optional<BackupVaultCopies> vault;
    private final Optional<PrimaryResources> primary;
    private final RpoEvaluation evaluation;
    private final RpoAlerting alerting;
    private final String recoveryRegion;
    private final Clock clock;

    public RpoMonitorService(RecoveryRegionCopies snapshots, Optional<BackupVaultCopies> vault, Optional<PrimaryResources> primary,
                             RpoEvaluation evaluation, RpoAlerting alerting, String recoveryRegion, Clock clock) {
        this.snapshots = snapshots;
        this.vault = vault;
        this.primary = primary;
        this.evaluation = evaluation;
        this.alerting = alerting;
        this.recoveryRegion = recoveryRegion;
        this.clock = clock;
    }

    /** Runs the check for {@code account}'s resources; with {@code alert} false it only reports (no message, no fold write). */
    public RpoRun run(String account, boolean alert) {
        List<RecoveryCopy> copies = new ArrayList<>(snapshots.copies(account));

        boolean vaultReadable = false;
        if (vault.isPresent()) {
            try {
                copies.addAll(vault.get().copies(account));
                vaultReadable = true;
            } catch (RuntimeException e) {
                LOG.error("Cannot list the recovery points of AWS Backup vault {} in {}: {}. Resources protected only through AWS Backup"
                                + " are not checked in this run", vault.get().vault(), recoveryRegion,
                        SafeText.bounded(String.valueOf(e.getMessage()), 400));
            }
        }

        List<TaggedResource> tagged = List.of();
        boolean primaryReachable = false;
        if (primary.isPresent()) {
            try {
                tagged = primary.get().taggedResources(account);
                primaryReachable = true;
            } catch (PrimaryRegionUnreachableException e) {
                LOG.warn("Primary region {} did not answer ({}): checking from the recovery region's copies alone",
                        primary.get().region(), e.getMessage());
            }
        }

        Instant now = clock.instant();
        List<ResourceReport> reports = evaluation.evaluate(copies, tagged, now);
        RpoAlerting.Outcome outcome = alert ? alerting.apply(reports, now, primaryReachable) : new RpoAlerting.Outcome(0, 0, 0, 0);
        return new RpoRun(now, recoveryRegion, primary.map(PrimaryResources::region), primaryReachable,
                vault.map(BackupVaultCopies::vault), vaultReadable, reports, outcome);
    }
}
