package dev.lifeboat.healthreport;

import dev.lifeboat.shared.event.SafeText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Single-object PUT and GET on S3, signed with SigV4. The report writes a few small objects; the
 * S3 SDK module would double this function's artifact (its client keeps every request class of
 * every other service module in the shrunk jar), so these two documented calls are made directly.
 * Virtual-hosted addressing on AWS; path-style at an endpoint override (the local emulator).
 */
public final class S3Objects {

    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Optional<URI> endpointOverride;

    public S3Objects(SdkHttpClient http, AwsCredentialsProvider credentials, String region, Optional<URI> endpointOverride) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpointOverride = endpointOverride;
    }

    /** PutObject, encrypted with SSE-KMS under {@code kmsKey} (bucket key enabled). */
    public void put(String bucket, String key, String contentType, byte[] body, String kmsKey) {
        SdkHttpRequest.Builder request = request(SdkHttpMethod.PUT, bucket, key)
                .putHeader("Content-Type", contentType)
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("x-amz-server-side-encryption", "aws:kms")
                .putHeader("x-amz-server-side-encryption-aws-kms-key-id", kmsKey)
                .putHeader("x-amz-server-side-encryption-bucket-key-enabled", "true");
        call(request.build(), ContentStreamProvider.fromByteArray(body), "PutObject " + key);
    }

    /** GetObject: the object's bytes. */
    public byte[] get(String bucket, String key) {
        return call(request(SdkHttpMethod.GET, bucket, key).build(), null, "GetObject " + key);
    }

    private SdkHttpRequest.Builder request(SdkHttpMethod method, String bucket, String key) {
        String path = "/" + encodeKey(key);
        URI host = URI.create("https://" + bucket + ".s3." + region + ".amazonaws.com");
        if (endpointOverride.isPresent()) {
            host = endpointOverride.get();
            path = "/" + bucket + path;
        }
        return SdkHttpRequest.builder().method(method).uri(host).encodedPath(path);
    }

    private byte[] call(SdkHttpRequest request, ContentStreamProvider payload, String what) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(credentials.resolveCredentials())
                    .request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true);
            if (payload != null) {
                r.payload(payload);
            }
        });
        HttpExecuteRequest.Builder execute = HttpExecuteRequest.builder().request(signed.request());
        signed.payload().ifPresent(execute::contentStreamProvider);
        try {
            HttpExecuteResponse response = http.prepareRequest(execute.build()).call();
            byte[] body;
            try (InputStream stream = response.responseBody().map(InputStream.class::cast).orElseGet(() -> new ByteArrayInputStream(new byte[0]))) {
                body = stream.readAllBytes();
            }
            int status = response.httpResponse().statusCode();
            if (status >= 300) {
                Matcher code = ERROR_CODE.matcher(new String(body, StandardCharsets.UTF_8));
                throw new IllegalStateException("S3 " + what + " answered " + status + " "
                        + SafeText.bounded(code.find() ? code.group(1) : "", 80));
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("S3 " + what + ": " + e.getMessage(), e);
        }
    }

    /** Each key segment percent-encoded as S3 expects (RFC 3986 unreserved kept), the slashes kept. */
    static String encodeKey(String key) {
        StringBuilder out = new StringBuilder();
        for (String segment : key.split("/", -1)) {
            if (!out.isEmpty() || key.startsWith("/")) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~"));
        }
        return out.toString();
    }
}
