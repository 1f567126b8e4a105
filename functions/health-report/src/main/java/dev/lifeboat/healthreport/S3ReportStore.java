package dev.lifeboat.healthreport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The recovery bucket: every object written with SSE-KMS under the recovery key, named explicitly rather than trusting the bucket default. */
public final class S3ReportStore implements ReportStore {

    private final S3Objects s3;
    private final String bucket;
    private final String kmsKey;
    private final String region;

    public S3ReportStore(S3Objects s3, String bucket, String kmsKey, String region) {
        this.s3 = s3;
        this.bucket = bucket;
        this.kmsKey = kmsKey;
        this.region = region;
    }

    @Override
    public List<String> write(List<ReportFile> files) {
        List<String> keys = new ArrayList<>();
        for (ReportFile file : files) {
            s3.put(bucket, file.key(), file.contentType(), file.content().getBytes(StandardCharsets.UTF_8), kmsKey);
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
