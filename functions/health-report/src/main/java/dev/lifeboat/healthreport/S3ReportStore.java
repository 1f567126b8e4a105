package dev.lifeboat.healthreport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The recovery bucket: every object written with SSE-KMS under the recovery key, named explicitly rather than trusting the bucket default. */
public final class S3ReportStore implements ReportStore {

    private final S3Client s3;
    private final String bucket;
    private final String kmsKey;
    private final String region;

    public S3ReportStore(S3Client s3, String bucket, String kmsKey, String region) {
        this.s3 = s3;
        this.bucket = bucket;
        this.kmsKey = kmsKey;
        this.region = region;
    }

    @Override
    public List<String> write(List<ReportFile> files) {
        List<String> keys = new ArrayList<>();
        for (ReportFile file : files) {
            s3.putObject(r -> r.bucket(bucket).key(file.key()).contentType(file.contentType())
                            .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKey).bucketKeyEnabled(true),
                    RequestBody.fromString(file.content(), StandardCharsets.UTF_8));
            keys.add(file.key());
        }
        return keys;
    }

    @Override
    public String link(String key) {
        return "s3://" + bucket + "/" + key + "\nhttps://" + region + ".console.aws.amazon.com/s3/object/" + bucket + "?region=" + region
                + "&bucketType=general&prefix=" + key;
    }
}
