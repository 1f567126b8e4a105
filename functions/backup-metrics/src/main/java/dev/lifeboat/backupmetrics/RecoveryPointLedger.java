package dev.lifeboat.backupmetrics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the metrics function remembers: events already counted, recovery points' creation, last successes per resource. */
public interface RecoveryPointLedger {

    /** The newest successful backup and recovery-region copy of one protected resource. */
    record ResourceRecord(String resource, String resourceType, Optional<Instant> lastBackupAt, Optional<Instant> lastCopyAt) {

        /** The newest of the two: how fresh this resource's newest recovery point is. */
        public Optional<Instant> newestRecoveryPoint() {
            if (lastBackupAt.isEmpty()) {
                return lastCopyAt;
            }
            if (lastCopyAt.isEmpty()) {
                return lastBackupAt;
            }
            return Optional.of(lastBackupAt.get().isAfter(lastCopyAt.get()) ? lastBackupAt.get() : lastCopyAt.get());
        }
    }

    /** True the first time {@code key} is claimed; false for a duplicate delivery. */
    boolean claim(String key);

    void recordBackup(String resource, String resourceType, Instant at);

    void recordCopy(String resource, String resourceType, Instant at);

    void rememberRecoveryPoint(String recoveryPoint, Instant createdAt);

    Optional<Instant> recoveryPointCreated(String recoveryPoint);

    List<ResourceRecord> resources();
}
