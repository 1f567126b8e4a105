package dev.lifeboat.rpomonitor;

import dev.lifeboat.shared.aws.AwsClientFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Clients for the primary region with short timeouts and one retry: a region lost to a disaster
 * must cost the hourly run seconds, not the factory's minute per call. They sign with the
 * factory's credentials; the endpoint is {@code PRIMARY_REGION_ENDPOINT_URL} when set (local runs
 * and tests), else the factory's. The health report uses them too, to list what the monitor lists.
 */
public final class PrimaryRegionClients {

    private final AwsClientFactory factory;
    private final Region region;
    private final Optional<URI> endpoint;
    private final Duration timeout;
    private final SdkHttpClient http;

    public PrimaryRegionClients(AwsClientFactory factory, Region region, Optional<URI> endpoint, Duration timeout) {
        this.factory = factory;
        this.region = region;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(timeout.compareTo(Duration.ofSeconds(2)) < 0 ? timeout : Duration.ofSeconds(2))
                .socketTimeout(timeout)
                .build();
    }

    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String serviceEndpointKey) {
        builder.region(region)
                .credentialsProvider(factory.credentials())
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(timeout)
                        .apiCallTimeout(timeout.multipliedBy(2).plusSeconds(1))
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build())
                        .build());
        endpoint.or(() -> factory.endpointFor(serviceEndpointKey)).ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
