package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.aws.AwsClientFactory;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;

/**
 * Builds a client as {@link AwsClientFactory} does (Region, shared HTTP client, endpoint
 * override, call timeout) but signing with other credentials: a recovery account's role.
 */
final class AccountClients {

    private AccountClients() {
    }

    static <B extends AwsClientBuilder<B, C>, C> C build(AwsClientFactory clients, B builder, String endpointKey, Region region,
                                                        AwsCredentialsProvider credentials) {
        if (credentials == clients.credentials()) {
            return clients.client(builder, endpointKey, region);
        }
        builder.region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(60)).build());
        if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(clients.httpClient());
        }
        clients.endpointFor(endpointKey).ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
