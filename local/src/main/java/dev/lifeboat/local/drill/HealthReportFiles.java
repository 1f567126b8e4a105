package dev.lifeboat.local.drill;

import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The health report's files ({@code reports/latest.*}, written by {@value #FUNCTION} to the
 * recovery stack's bucket), copied to a local folder as {@code health.html}, {@code health.json},
 * {@code health.md}.
 */
public final class HealthReportFiles {

    /** The function that writes the report. */
    public static final String FUNCTION = "HealthReportFunction";
    /** The keys of the newest report start with this. */
    public static final String LATEST = "reports/latest";

    private HealthReportFiles() {
    }

    /** Copies every {@code reports/latest.*} object of the stack's buckets into {@code folder}; answers the files written. */
    public static List<Path> download(Template template, LocalNames recovery, S3Client s3, Path folder) {
        Set<String> buckets = new LinkedHashSet<>();
        template.resources().values().stream().filter(r -> r.type().equals("AWS::S3::Bucket")).filter(recovery::deploys)
                .forEach(bucket -> buckets.add(recovery.physicalName(bucket.logicalId())));
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            for (String bucket : buckets) {
                for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(LATEST)).contents()) {
                    String name = object.key().substring(object.key().lastIndexOf('/') + 1);
                    if (!name.startsWith("latest.")) {
                        continue;
                    }
                    ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(object.key()));
                    Path file = folder.resolve("health" + name.substring("latest".length()));
                    Files.write(file, bytes.asByteArray());
                    written.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the health report into " + folder + ": " + e.getMessage(), e);
        }
        return written;
    }
}
