package dev.lifeboat.copysnapshot;

import dev.lifeboat.local.emulator.Emulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The second account of the cross-account tests, in the emulator: moto files a request under the
 * account of the role whose session signed it, so clients signed with an assumed session of the
 * recovery copy role act in the recovery account.
 */
final class RecoveryAccount {

    static final String ID = "222233334444";
    static final String ROLE_ARN = "arn:aws:iam::" + ID + ":role/" + RecoveryAccounts.DEFAULT_ROLE_NAME;

    private final Emulator emulator;
    private final StaticCredentialsProvider session;

    RecoveryAccount(Emulator emulator) {
        this.emulator = emulator;
        Credentials credentials = emulator.client(StsClient.builder(), Emulator.PRIMARY)
                .assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("lifeboat-test")).credentials();
        this.session = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
    }

    /** A client acting in the recovery account, in {@code region}. */
    <B extends AwsClientBuilder<B, C>, C> C client(B builder, Region region) {
        return builder.region(region).credentialsProvider(session).endpointOverride(emulator.endpoint()).build();
    }

    /**
     * Makes moto's random ids repeat from here on ({@code POST /moto-api/seed}): the same calls made
     * after the same seed in both accounts give resources the same ids.
     */
    static void seed(Emulator emulator, int seed) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(emulator.endpoint() + "/moto-api/seed?a=" + seed)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto refused the seed: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
