package dev.lifeboat.resolverecoverypoint;

import static dev.lifeboat.shared.restore.RestJsonApi.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three read-only AWS Backup calls the resolver makes ({@code ListRecoveryPointsByBackupVault},
 * {@code DescribeRecoveryPoint}, {@code GetRecoveryPointRestoreMetadata}), as documented.
 */
final class BackupVaultApi {

    /** A recovery point as AWS Backup lists and describes it. */
    record BackupRecoveryPoint(String recoveryPointArn, String resourceArn, String status, Instant creationDate) {
    }

    private final RestJsonApi api;

    BackupVaultApi(RestJsonApi api) {
        this.api = api;
    }

    List<BackupRecoveryPoint> recoveryPointsOf(String vault, String resourceArn) {
        List<BackupRecoveryPoint> points = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("resourceArn", resourceArn);
            if (token != null) {
                query.put("nextToken", token);
            }
            JsonNode page = api.get("/backup-vaults/" + segment(vault) + "/recovery-points/", query);
            page.path("RecoveryPoints").forEach(point -> points.add(recoveryPoint(point)));
            token = page.hasNonNull("NextToken") ? page.get("NextToken").asText() : null;
        } while (token != null);
        return points;
    }

    Optional<BackupRecoveryPoint> describe(String vault, String recoveryPointArn) {
        try {
            return Optional.of(recoveryPoint(api.get("/backup-vaults/" + segment(vault) + "/recovery-points/" + segment(recoveryPointArn), Map.of())));
        } catch (RestJsonApi.ApiException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    Map<String, String> restoreMetadata(String vault, String recoveryPointArn) {
        JsonNode answer = api.get("/backup-vaults/" + segment(vault) + "/recovery-points/" + segment(recoveryPointArn) + "/restore-metadata", Map.of());
        Map<String, String> metadata = new LinkedHashMap<>();
        answer.path("RestoreMetadata").properties().forEach(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
        return metadata;
    }

    /** Timestamps in AWS Backup's JSON are epoch seconds, with a fraction. */
    private static BackupRecoveryPoint recoveryPoint(JsonNode json) {
        JsonNode created = json.get("CreationDate");
        Instant creation = created == null || created.isNull() ? Instant.EPOCH
                : created.isNumber() ? Instant.ofEpochMilli(new BigDecimal(created.asText()).movePointRight(3).longValue())
                : Instant.parse(created.asText());
        return new BackupRecoveryPoint(json.path("RecoveryPointArn").asText(), json.path("ResourceArn").asText(),
                json.path("Status").asText(), creation);
    }
}
