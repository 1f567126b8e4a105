package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.json.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * {@link SourceKeys} through KMS {@code DescribeKey} ({@code KeyManager} is {@code AWS} for an
 * AWS managed key), signed by hand: one small JSON call does not justify the KMS SDK module in a
 * jar near its size limit. Answers are remembered: a key's manager never changes.
 */
final class KmsSourceKeys implements SourceKeys {

    private static final Logger LOG = LoggerFactory.getLogger(KmsSourceKeys.class);

    private final SignedJsonApi kms;
    private final Map<String, Boolean> managedByAws = new ConcurrentHashMap<>();

    KmsSourceKeys(AwsClientFactory clients) {
        this.kms = new SignedJsonApi(clients, "kms", "KMS");
    }

    @Override
    public boolean awsManaged(Region region, String keyId) {
        String cacheKey = region.id() + "/" + keyId;
        Boolean known = managedByAws.get(cacheKey);
        if (known != null) {
            return known;
        }
        SignedJsonApi.Response response = kms.call(region, SdkHttpMethod.POST, "/", Map.of(),
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "TrentService.DescribeKey"),
                Json.MAPPER.createObjectNode().put("KeyId", keyId).toString());
        if (!response.ok()) {
            LOG.warn("Could not describe key {} in {} ({}: {}); assuming a customer managed key", keyId, region,
                    response.errorCode(), response.message());
            return false;
        }
        boolean aws = "AWS".equals(response.body().path("KeyMetadata").path("KeyManager").asText(""));
        managedByAws.put(cacheKey, aws);
        return aws;
    }
}
