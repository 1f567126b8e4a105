package dev.lifeboat.local.emulator;

import dev.lifeboat.shared.aws.AwsClientFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * A running AWS emulator as code sees it: its endpoint, SDK clients for any region, and the
 * environment a function gets when it runs against it.
 */
public final class Emulator {

    /** The account moto acts as. */
    public static final String ACCOUNT = "123456789012";
    public static final Region PRIMARY = Region.US_EAST_1;
    public static final Region RECOVERY = Region.US_WEST_2;

    private final URI endpoint;
    private final AwsClientFactory clients;

    public Emulator(URI endpoint) {
        this.endpoint = endpoint;
        this.clients = new AwsClientFactory(environment(Map.of()));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for {@code region}, talking to the emulator. */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder, Region region) {
        return clients.client(builder, "EMULATOR", region);
    }

    /** A function's environment in the primary region, pointed at the emulator, plus {@code variables}. */
    public Map<String, String> environment(Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_ENDPOINT_URL", endpoint.toString());
        environment.put("AWS_REGION", PRIMARY.id());
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.putAll(variables);
        return environment;
    }
}
