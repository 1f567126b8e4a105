package dev.lifeboat.healthreport;

import dev.lifeboat.rpomonitor.BackupVaultCopies;
import dev.lifeboat.rpomonitor.PrimaryRegionUnreachableException;
import dev.lifeboat.rpomonitor.PrimaryResources;
import dev.lifeboat.rpomonitor.RecoveryCopy;
import dev.lifeboat.rpomonitor.RecoveryRegionCopies;
import dev.lifeboat.rpomonitor.ResourceReport;
import dev.lifeboat.rpomonitor.RpoEvaluation;
import dev.lifeboat.rpomonitor.TaggedResource;
import dev.lifeboat.shared.event.SafeText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPO monitor's assessment, taken in-process and without alerting: the monitor's own listings
 * of the recovery region's copies ({@code SnapshotCopies}, {@code BackupVaultCopies}), of the primary
 * region's tagged resources when one is configured, and its rule ({@code RpoEvaluation}). So the
 * report has one row per resource exactly where the monitor has one, with the monitor's status, and
 * the two cannot disagree. As in the monitor, the recovery region's snapshots are the source of
 * truth (failing to list them fails the report); a vault or primary region that does not answer is
 * a note, and the report goes on without it.
 */
public final class RpoAssessment {

    private static final Logger LOG = LoggerFactory.getLogger(RpoAssessment.class);

    /** Every protected resource's report, every copy listed (completed or not), and what could not be read. */
    public record Assessment(List<ResourceReport> resources, List<RecoveryCopy> copies, List<String> notes) {

        public Assessment {
            resources = List.copyOf(resources);
            copies = List.copyOf(copies);
            notes = List.copyOf(notes);
        }
    }

    private final RecoveryRegionCopies snapshots;
    private final Optional<BackupVaultCopies> vault;
    private final Optional<PrimaryResources> primary;
    private final RpoEvaluation evaluation;

    public RpoAssessment(RecoveryRegionCopies snapshots, Optional<BackupVaultCopies> vault, Optional<PrimaryResources> primary,
                         RpoEvaluation evaluation) {
        this.snapshots = snapshots;
        this.vault = vault;
        this.primary = primary;
        this.evaluation = evaluation;
    }

    /** The assessment at {@code now}; {@code account} stands in for a source account a copy does not name, as in the monitor. */
    public Assessment assess(String account, Instant now) {
        List<String> notes = new ArrayList<>();
        List<RecoveryCopy> copies = new ArrayList<>(snapshots.copies(account));
        if (vault.isPresent()) {
            try {
                copies.addAll(vault.get().copies(account));
            } catch (RuntimeException e) {
                LOG.warn("AWS Backup vault {} could not be listed: {}", vault.get().vault(), SafeText.bounded(e.getMessage(), 300));
                notes.add("The AWS Backup vault " + vault.get().vault() + " could not be listed (" + SafeText.bounded(e.getMessage(), 200)
                        + "): resources protected only through AWS Backup are missing from this report.");
            }
        }
        List<TaggedResource> tagged = List.of();
        if (primary.isPresent()) {
            try {
                tagged = primary.get().taggedResources(account);
            } catch (PrimaryRegionUnreachableException e) {
                LOG.warn("Primary region {} did not answer: {}", primary.get().region(), SafeText.bounded(e.getMessage(), 300));
                notes.add("The primary region " + primary.get().region() + " did not answer: protected resources there without any copy "
                        + "in the recovery region are missing from this report.");
            }
        }
        return new Assessment(evaluation.evaluate(copies, tagged, now), copies, notes);
    }
}
