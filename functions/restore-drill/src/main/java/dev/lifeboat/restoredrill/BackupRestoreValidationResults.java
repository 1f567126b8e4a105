package dev.lifeboat.restoredrill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * {@link RestoreValidationResults} through AWS Backup's REST-JSON API:
 * {@code PUT /restore-jobs/{restoreJobId}/validations} with
 * {@code {"ValidationStatus", "ValidationStatusMessage"}}, signed with SigV4 (AWS Backup's SDK
 * module is not on Maven Central at the SDK BOM's version). The shared {@link RestJsonApi} signs
 * only GETs; this is the smallest signed PUT, and belongs next to it in {@code shared}.
 */
public final class BackupRestoreValidationResults implements RestoreValidationResults {

    /** AWS Backup keeps a validation message short; longer text is cut. */
    static final int MAX_MESSAGE = 1000;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final URI endpoint;

    public BackupRestoreValidationResults(SdkHttpClient http, AwsCredentialsProvider credentials, String region, Optional<URI> endpointOverride) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpointOverride.orElse(URI.create("https://backup." + region + ".amazonaws.com"));
    }

    @Override
    public void put(String restoreJobId, String status, String message) {
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(Map.of("ValidationStatus", status, "ValidationStatusMessage", SafeText.bounded(message, MAX_MESSAGE)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String path = "/restore-jobs/" + RestJsonApi.segment(restoreJobId) + "/validations";
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(endpoint).encodedPath(path)
                .putHeader("Content-Type", "application/json").putHeader("Content-Length", Integer.toString(bytes.length)).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "backup")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(ContentStreamProvider.fromByteArray(bytes))).build()).call();
            String answer;
            try (InputStream stream = response.responseBody().map(InputStream.class::cast).orElseGet(InputStream::nullInputStream)) {
                answer = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            int code = response.httpResponse().statusCode();
            if (code >= 300) {
                JsonNode json = answer.isBlank() ? Json.MAPPER.createObjectNode() : readJson(answer);
                String error = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(json.path("__type").asText("Unknown"));
                throw new RestJsonApi.ApiException("backup", code, error.split(":")[0],
                        SafeText.bounded(json.path("Message").asText(json.path("message").asText(answer)), 300));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("backup " + path + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.createObjectNode().put("Message", text);
        }
    }
}
