package dev.lifeboat.copysnapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

/**
 * A small SigV4-signed JSON client for the AWS APIs whose SDK modules this build cannot use
 * (AWS Backup, the Resource Groups Tagging API): one signed request, the JSON answer, AWS's
 * error code and message; throttling and server errors are retried with exponential backoff and
 * jitter, as the SDK's standard retry mode does.
 */
final class SignedJsonApi {

    /** An answer: its HTTP status and JSON body; {@code errorCode} is empty on success. */
    record Response(int status, JsonNode body, String errorCode, String message) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private static final int ATTEMPTS = 4;
    private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "TooManyRequestsException",
            "LimitExceededException", "RequestLimitExceeded", "ServiceUnavailableException");

    private final String signingName;
    private final String endpointKey;
    private final AwsClientFactory clients;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** Signs with the factory's credentials and sends through its HTTP client, like every SDK client here. */
    SignedJsonApi(AwsClientFactory clients, String signingName, String endpointKey) {
        this.signingName = signingName;
        this.endpointKey = endpointKey;
        this.clients = clients;
        this.credentials = clients.credentials();
        this.http = clients.httpClient();
    }

    /** Calls {@code method path} in {@code region} with the JSON {@code body} (null for none) and the given headers. */
    Response call(Region region, SdkHttpMethod method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        URI endpoint = clients.endpointFor(endpointKey).orElseGet(() -> URI.create("https://" + signingName + "." + region.id()
                + (region.id().startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com")));
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method).uri(endpoint).encodedPath(path)
                .putHeader("Content-Type", headers.getOrDefault("Content-Type", "application/json"));
        headers.forEach(request::putHeader);
        query.forEach(request::putRawQueryParameter);
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Response response = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            response = once(region, request.build(), payload);
            boolean retry = response.status() >= 500 || response.status() == 429 || THROTTLING.contains(response.errorCode());
            if (!retry || attempt == ATTEMPTS) {
                return response;
            }
            pause(attempt);
        }
        return response;
    }

    private Response once(Region region, SdkHttpFullRequest request, byte[] payload) {
        ContentStreamProvider content = ContentStreamProvider.fromByteArray(payload);
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials()).request(request).payload(content)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        // no body for GET: HttpURLConnection turns a GET with a body into a POST
        ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                .contentStreamProvider(request.method() == SdkHttpMethod.GET ? null : signed.payload().orElse(content)).build());
        try {
            HttpExecuteResponse answer = call.call();
            int status = answer.httpResponse().statusCode();
            String text;
            try (InputStream stream = answer.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream())) {
                text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            JsonNode json = parse(text);
            if (status / 100 == 2) {
                return new Response(status, json, "", "");
            }
            String code = answer.httpResponse().firstMatchingHeader("x-amzn-ErrorType")
                    .orElse(json.path("__type").asText(json.path("code").asText("")));
            code = code.substring(code.lastIndexOf('#') + 1);
            code = code.contains(":") ? code.substring(0, code.indexOf(':')) : code;
            String message = json.path("message").asText(json.path("Message").asText(SafeText.bounded(text, 300)));
            return new Response(status, json, code.isEmpty() ? "HTTP" + status : code, message);
        } catch (IOException e) {
            return new Response(599, MissingNode.getInstance(), "ConnectionError", e.getMessage());
        }
    }

    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            // an error page, not AWS's JSON: the status and text still say what happened
            return MissingNode.getInstance();
        }
    }

    private static void pause(int attempt) {
        long ceiling = Math.min(20_000L, 100L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
