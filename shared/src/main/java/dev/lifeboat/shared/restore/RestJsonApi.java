package dev.lifeboat.shared.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Read-only calls to an AWS REST-JSON API, signed with SigV4, for the services whose SDK module
 * Maven Central lacks at the SDK BOM's version (AWS Backup): a few documented GET requests are
 * smaller and safer than a second SDK version in one jar.
 */
public final class RestJsonApi {

    /** An error the service answered with: its HTTP status, error code and message. */
    public static final class ApiException extends RuntimeException {
        private final int status;
        private final String code;

        public ApiException(String service, int status, String code, String message) {
            super(service + " answered " + status + " " + code + ": " + message);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        public boolean notFound() {
            return status == 404 || code.endsWith("ResourceNotFoundException");
        }
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String signingName;
    private final String region;
    private final URI endpoint;

    /** A client of {@code signingName} (such as {@code backup}) in {@code region}, at the override when one is given. */
    public RestJsonApi(SdkHttpClient http, AwsCredentialsProvider credentials, String signingName, String region, Optional<URI> endpointOverride) {
        this.http = http;
        this.credentials = credentials;
        this.signingName = signingName;
        this.region = region;
        this.endpoint = endpointOverride.orElse(URI.create("https://" + signingName + "." + region + ".amazonaws.com"));
    }

    /** GET {@code path} (segments already encoded with {@link #segment}) with the query parameters; the answer's JSON. */
    public JsonNode get(String path, Map<String, String> query) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(endpoint).encodedPath(path);
        query.forEach(request::putRawQueryParameter);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request()).build()).call();
            String body;
            try (InputStream stream = response.responseBody().map(InputStream.class::cast).orElseGet(InputStream::nullInputStream)) {
                body = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = response.httpResponse().statusCode();
            JsonNode json = body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
            if (status >= 300) {
                String code = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(json.path("__type").asText("Unknown"));
                throw new ApiException(signingName, status, code.split(":")[0],
                        SafeText.bounded(json.path("Message").asText(json.path("message").asText(body)), 300));
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(signingName + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** A path segment, percent-encoded (an ARN's ':' and '/' included). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
