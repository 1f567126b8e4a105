package dev.lifeboat.rpomonitor;

import static dev.lifeboat.shared.restore.RestJsonApi.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS Backup recovery points in the recovery vault that are copies from elsewhere, through
 * {@code ListRecoveryPointsByBackupVault} (documented REST JSON, signed by {@link RestJsonApi}).
 * A recovery point with no {@code SourceBackupVaultArn} whose resource lives in the recovery
 * region itself is a local backup, not a copy, and is left out.
 */
public final class BackupVaultCopies implements RecoveryRegionCopies {

    private static final Logger LOG = LoggerFactory.getLogger(BackupVaultCopies.class);
    static final int PAGE_SIZE = 1000;

    private final RestJsonApi backup;
    private final String vault;
    private final String recoveryRegion;

    public BackupVaultCopies(RestJsonApi backup, String vault, String recoveryRegion) {
        this.backup = backup;
        this.vault = vault;
        this.recoveryRegion = recoveryRegion;
    }

    public String vault() {
        return vault;
    }

    @Override
    public List<RecoveryCopy> copies(String account) {
        List<RecoveryCopy> copies = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("maxResults", Integer.toString(PAGE_SIZE));
            if (token != null) {
                query.put("nextToken", token);
            }
            JsonNode page = backup.get("/backup-vaults/" + segment(vault) + "/recovery-points/", query);
            page.path("RecoveryPoints").forEach(point -> copy(point).ifPresent(copies::add));
            token = page.hasNonNull("NextToken") && !page.get("NextToken").asText().isEmpty() ? page.get("NextToken").asText() : null;
        } while (token != null && ++pages < SnapshotCopies.MAX_PAGES);
        if (token != null) {
            LOG.warn("Listed only the first {} recovery points of vault {}: the rest are not monitored in this run", copies.size(), vault);
        }
        return copies;
    }

    private Optional<RecoveryCopy> copy(JsonNode point) {
        String recoveryPointArn = point.path("RecoveryPointArn").asText("");
        String resourceArn = point.path("ResourceArn").asText("");
        if (recoveryPointArn.isEmpty() || resourceArn.isEmpty()) {
            LOG.warn("A recovery point in vault {} names no {}: it is not monitored", vault, recoveryPointArn.isEmpty() ? "RecoveryPointArn" : "ResourceArn");
            return Optional.empty();
        }
        String sourceRegion = SourceArns.region(resourceArn).orElse("");
        boolean copied = !point.path("SourceBackupVaultArn").asText("").isEmpty();
        if (!copied && (sourceRegion.isEmpty() || sourceRegion.equals(recoveryRegion))) {
            return Optional.empty();
        }
        return Optional.of(new RecoveryCopy(resourceArn, SourceArns.fromBackupResourceType(point.path("ResourceType").asText(""), resourceArn),
                sourceRegion, Optional.empty(), recoveryPointArn, "backup-recovery-point", time(point.get("CreationDate")),
                "COMPLETED".equals(point.path("Status").asText(""))));
    }

    /** AWS Backup's JSON gives timestamps as epoch seconds with a fraction. */
    static Instant time(JsonNode value) {
        if (value == null || value.isNull()) {
            return Instant.EPOCH;
        }
        try {
            return value.isNumber() || value.asText().matches("\\d+(\\.\\d+)?")
                    ? Instant.ofEpochMilli(new BigDecimal(value.asText()).movePointRight(3).longValue())
                    : Instant.parse(value.asText());
        } catch (NumberFormatException | DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
