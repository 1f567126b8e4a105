package dev.lifeboat.copysnapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * {@link BackupCopyJobs} on the AWS Backup REST API and the Resource Groups Tagging API, called
 * through {@link SignedJsonApi}: the SDK's modules for these two services are not available to
 * this build, and the three AWS Backup operations and one tagging operation used are small.
 */
public final class AwsBackupCopyJobs implements BackupCopyJobs {

    private static final Set<String> RETRYABLE_CODES = Set.of("LimitExceededException", "ThrottlingException",
            "ServiceUnavailableException", "Throttling", "TooManyRequestsException", "ConnectionError");

    private final SignedJsonApi backup;
    private final SignedJsonApi tagging;

    public AwsBackupCopyJobs(AwsClientFactory clients) {
        this.backup = new SignedJsonApi(clients, "backup", "BACKUP");
        this.tagging = new SignedJsonApi(clients, "tagging", "RESOURCE_GROUPS_TAGGING_API");
    }

    @Override
    public String startCopyJob(BackupCopyRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("RecoveryPointArn", request.recoveryPointArn())
                .put("SourceBackupVaultName", request.sourceVaultName())
                .put("DestinationBackupVaultArn", request.destinationVaultArn())
                .put("IamRoleArn", request.iamRoleArn())
                .put("IdempotencyToken", request.idempotencyToken());
        if (request.lifecycle().moveToColdStorageAfterDays() > 0 || request.lifecycle().deleteAfterDays() > 0) {
            ObjectNode lifecycle = body.putObject("Lifecycle");
            if (request.lifecycle().moveToColdStorageAfterDays() > 0) {
                lifecycle.put("MoveToColdStorageAfterDays", request.lifecycle().moveToColdStorageAfterDays());
            }
            if (request.lifecycle().deleteAfterDays() > 0) {
                lifecycle.put("DeleteAfterDays", request.lifecycle().deleteAfterDays());
            }
        }
        SignedJsonApi.Response response = backup.call(request.region(), SdkHttpMethod.PUT, "/copy-jobs", Map.of(), Map.of(), body.toString());
        String action = "starting a copy job of " + request.recoveryPointArn() + " to " + request.destinationVaultArn();
        if (!response.ok()) {
            throw failure(action, response);
        }
        String copyJobId = response.body().path("CopyJobId").asText("");
        if (copyJobId.isBlank()) {
            throw new CopyFailedException(action + ": the answer names no CopyJobId", true, null);
        }
        return copyJobId;
    }

    @Override
    public boolean planCopiesTo(Region region, String backupPlanId, Optional<String> version, Optional<String> ruleId,
                                String destinationVaultArn) {
        SignedJsonApi.Response response = backup.call(region, SdkHttpMethod.GET, "/backup/plans/" + encode(backupPlanId) + "/",
                version.map(v -> Map.of("versionId", encode(v))).orElse(Map.of()), Map.of(), null);
        if (response.status() == 404) {
            return false;
        }
        if (!response.ok()) {
            throw failure("reading backup plan " + backupPlanId, response);
        }
        return StreamSupport.stream(response.body().path("BackupPlan").path("Rules").spliterator(), false)
                .filter(rule -> ruleId.isEmpty() || ruleId.get().equals(rule.path("RuleId").asText()))
                .flatMap(rule -> StreamSupport.stream(rule.path("CopyActions").spliterator(), false))
                .anyMatch(action -> destinationVaultArn.equals(action.path("DestinationBackupVaultArn").asText()));
    }

    @Override
    public Optional<CopyJobStatus> describeCopyJob(Region region, String copyJobId) {
        SignedJsonApi.Response response = backup.call(region, SdkHttpMethod.GET, "/copy-jobs/" + encode(copyJobId), Map.of(), Map.of(), null);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (!response.ok()) {
            throw failure("describing copy job " + copyJobId, response);
        }
        JsonNode job = response.body().path("CopyJob");
        String destination = job.path("DestinationRecoveryPointArn").asText("");
        return Optional.of(new CopyJobStatus(job.path("State").asText(""), job.path("StatusMessage").asText(""),
                destination.isBlank() ? Optional.empty() : Optional.of(destination)));
    }

    @Override
    public Map<String, String> resourceTags(Region region, String resourceArn) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("ResourceARNList").add(resourceArn);
        SignedJsonApi.Response response = tagging.call(region, SdkHttpMethod.POST, "/", Map.of(),
                Map.of("X-Amz-Target", "ResourceGroupsTaggingAPI_20170126.GetResources", "Content-Type", "application/x-amz-json-1.1"),
                body.toString());
        if (!response.ok()) {
            throw failure("reading the tags of " + resourceArn, response);
        }
        Map<String, String> tags = new HashMap<>();
        response.body().path("ResourceTagMappingList").forEach(mapping ->
                mapping.path("Tags").forEach(tag -> tags.put(tag.path("Key").asText(), tag.path("Value").asText())));
        return Map.copyOf(tags);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static CopyFailedException failure(String action, SignedJsonApi.Response response) {
        boolean retryable = RETRYABLE_CODES.contains(response.errorCode()) || response.status() >= 500 || response.status() == 429;
        return new CopyFailedException(action + " failed: " + response.errorCode() + ": " + response.message(), retryable, null);
    }
}
