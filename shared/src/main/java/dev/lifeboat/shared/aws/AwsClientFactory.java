package dev.lifeboat.shared.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds every AWS SDK client the same way: an explicit region, a shared lightweight HTTP client,
 * credentials from the environment, and the endpoint from {@code AWS_ENDPOINT_URL_<SERVICE>} or
 * {@code AWS_ENDPOINT_URL} when set (the local emulator). Build clients once per execution
 * environment, in a handler's field initialiser, never per invocation.
 */
public final class AwsClientFactory {

    private final Map<String, String> environment;
    private final Region homeRegion;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient httpClient;

    /** A factory for the given environment, with the credentials it names (the emulator accepts any). */
    public AwsClientFactory(Map<String, String> environment) {
        this(environment, staticCredentials(environment));
    }

    private AwsClientFactory(Map<String, String> environment, AwsCredentialsProvider credentials) {
        this.environment = Map.copyOf(environment);
        this.homeRegion = Region.of(firstPresent("AWS_REGION", "AWS_DEFAULT_REGION").orElse("us-east-1"));
        this.credentials = credentials;
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** The factory for this process: the Lambda execution environment or a local shell. */
    public static AwsClientFactory fromProcessEnvironment() {
        // On Lambda the keys are in the environment; with SnapStart they come from the container endpoint.
        return new AwsClientFactory(System.getenv(), AwsCredentialsProviderChain.builder()
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.create())
                .reuseLastProviderEnabled(true)
                .build());
    }

    /**
     * The credentials every client of this factory signs with, for the few calls Lifeboat signs
     * itself (services without an SDK module on Maven Central).
     */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** The one HTTP client every client of this factory shares. */
    public SdkHttpClient httpClient() {
        return httpClient;
    }

    /** The region this function runs in. */
    public Region homeRegion() {
        return homeRegion;
    }

    /** A client for the function's own region. */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder, String serviceEndpointKey) {
        return client(builder, serviceEndpointKey, homeRegion);
    }

    /**
     * A client for {@code region}. {@code serviceEndpointKey} is the suffix of the service's
     * endpoint variable, as AWS names it: {@code EC2}, {@code DYNAMODB}, {@code SSM}, {@code KMS}.
     */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder, String serviceEndpointKey, Region region) {
        builder.region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .build());
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(httpClient);
        }
        endpointFor(serviceEndpointKey).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The endpoint override for a service, if the environment names one. */
    public Optional<URI> endpointFor(String serviceEndpointKey) {
        String key = "AWS_ENDPOINT_URL_" + serviceEndpointKey.toUpperCase(Locale.ROOT).replace(' ', '_');
        return firstPresent(key, "AWS_ENDPOINT_URL").map(URI::create);
    }

    private Optional<String> firstPresent(String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }

    private static AwsCredentialsProvider staticCredentials(Map<String, String> environment) {
        String accessKey = environment.getOrDefault("AWS_ACCESS_KEY_ID", "test");
        String secretKey = environment.getOrDefault("AWS_SECRET_ACCESS_KEY", "test");
        String sessionToken = environment.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(sessionToken == null
                ? AwsBasicCredentials.create(accessKey, secretKey)
                : AwsSessionCredentials.create(accessKey, secretKey, sessionToken));
    }
}
