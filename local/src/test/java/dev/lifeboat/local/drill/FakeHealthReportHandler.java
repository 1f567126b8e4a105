package dev.lifeboat.local.drill;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lifeboat.shared.aws.AwsClientFactory;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A stand-in for the health report function: writes the three report files where the real one does. */
public final class FakeHealthReportHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Map<String, String> environment;

    public FakeHealthReportHandler(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        String bucket = environment.get("REPORT_BUCKET");
        try (S3Client s3 = new AwsClientFactory(environment).client(S3Client.builder().forcePathStyle(true), "S3")) {
            s3.putObject(r -> r.bucket(bucket).key("reports/latest.html"), RequestBody.fromString("<html><body>healthy</body></html>"));
            s3.putObject(r -> r.bucket(bucket).key("reports/latest.json"), RequestBody.fromString("{\"resources\":[]}"));
            s3.putObject(r -> r.bucket(bucket).key("reports/latest.md"), RequestBody.fromString("# Health"));
            s3.putObject(r -> r.bucket(bucket).key("reports/2025-03-10.html"), RequestBody.fromString("<html>older</html>"));
        }
        return Map.of("bucket", bucket);
    }
}
