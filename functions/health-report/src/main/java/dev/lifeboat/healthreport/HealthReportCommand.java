package dev.lifeboat.healthreport;

import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.config.FunctionEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/lifeboat report}: runs the health report now against an endpoint (the local emulator,
 * or AWS when {@code endpoint} is null), then copies the files it wrote to a local folder.
 */
public final class HealthReportCommand {

    /** The report's numbers, where it was written in the bucket, and the local copies. */
    public record Outcome(HealthReportService.Result result, List<Path> files) {
    }

    private HealthReportCommand() {
    }

    /**
     * Runs the report.
     *
     * @param endpoint            the emulator's endpoint ({@code AWS_ENDPOINT_URL}); null to use the environment's (or AWS)
     * @param functionEnvironment the function's environment as the template gives it in the recovery stack
     *                            ({@code AWS_REGION} the recovery region, {@code REPORT_BUCKET}, {@code REPORT_KMS_KEY},
     *                            {@code ALERT_TOPIC_ARN} …)
     * @param periodDays          the period, 1 to 366 days
     * @param outputDirectory     where the dated report's {@code health.json}, {@code health.md} and {@code health.html} are copied
     */
    /** The account moto answers as: what the locally invoked RPO monitor takes from its context's function ARN. */
    static final String EMULATOR_ACCOUNT = "123456789012";

    public static Outcome run(URI endpoint, Map<String, String> functionEnvironment, int periodDays, Path outputDirectory) {
        HealthReportHandler.periodDays(Map.of(HealthReportHandler.PERIOD_DAYS, periodDays), periodDays);
        Map<String, String> environment = new HashMap<>(functionEnvironment);
        if (endpoint != null) {
            environment.put("AWS_ENDPOINT_URL", endpoint.toString());
        }
        AwsClientFactory clients = new AwsClientFactory(environment);
        HealthReportService.Result result = HealthReportHandler.service(environment, clients, Clock.systemUTC())
                .run(periodDays, environment.getOrDefault("AWS_ACCOUNT_ID", EMULATOR_ACCOUNT));
        String bucket = FunctionEnvironment.required(environment, "REPORT_BUCKET");
        String folder = result.htmlKey().substring(0, result.htmlKey().lastIndexOf('/') + 1);
        List<Path> files = new ArrayList<>();
        S3Objects s3 = HealthReportHandler.s3Objects(clients);
        try {
            Files.createDirectories(outputDirectory);
            for (String key : result.keys()) {
                if (!key.startsWith(folder)) {
                    continue;
                }
                Path target = outputDirectory.resolve(key.substring(folder.length()));
                Files.write(target, s3.get(bucket, key));
                files.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report to " + outputDirectory + ": " + e.getMessage(), e);
        }
        return new Outcome(result, files);
    }
}
