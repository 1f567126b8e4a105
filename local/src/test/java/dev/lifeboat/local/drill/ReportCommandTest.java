package dev.lifeboat.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.template.Template;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/lifeboat report}: the health report function run against the emulator, its files copied locally. */
@ExtendWith(MotoExtension.class)
class ReportCommandTest {

    private static final String HEADER = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Role: {Type: String, AllowedValues: [primary, recovery]}
              RecoveryRegion: {Type: String, Default: us-west-2}
            Conditions:
              IsRecovery: !Equals [!Ref Role, recovery]
            Resources:
              ReportBucket:
                Type: AWS::S3::Bucket
                Condition: IsRecovery
            """;

    private static final String FUNCTION = """
              HealthReportFunction:
                Type: AWS::Serverless::Function
                Condition: IsRecovery
                Properties:
                  CodeUri: functions/health-report/target/health-report.jar
                  Handler: dev.lifeboat.local.drill.FakeHealthReportHandler::handleRequest
                  Runtime: java21
                  Environment:
                    Variables:
                      REPORT_BUCKET: !Ref ReportBucket
            """;

    @TempDir
    Path repository;

    @Test
    void copiesTheNewestReportsThreeFilesFromTheRecoveryBucketAndPrintsTheirPaths(Emulator emulator) throws Exception {
        // GIVEN a template with the health report function and its bucket, created in the emulator
        Files.writeString(repository.resolve("template.yaml"), HEADER + FUNCTION);
        new Provisioner(Template.loadFrom(repository), Map.of(), emulator.environment(Map.of()), line -> { }).up();
        Path out = repository.resolve("reports-here");

        // WHEN the report command runs
        Result result = report(emulator, out);

        // THEN it copied latest.html, .json and .md as health.*, and printed where
        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(out.resolve("health.html")).hasContent("<html><body>healthy</body></html>");
        assertThat(out.resolve("health.json")).hasContent("{\"resources\":[]}");
        assertThat(out.resolve("health.md")).hasContent("# Health");
        assertThat(out).isDirectoryNotContaining("glob:**/*2025*");
        assertThat(result.stdout().lines()).hasSize(3).allMatch(line -> line.startsWith(out.toAbsolutePath().toString()));
    }

    @Test
    void exitsOneSayingSoWhenTheTemplateHasNoHealthReportFunctionYet(Emulator emulator) throws Exception {
        Files.writeString(repository.resolve("template.yaml"), HEADER);

        Result result = report(emulator, repository.resolve("out"));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("the health report is not available yet: template.yaml has no HealthReportFunction");
        assertThat(repository.resolve("out")).doesNotExist();
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result report(Emulator emulator, Path out) {
        Map<String, String> environment = new HashMap<>(emulator.environment(Map.of()));
        environment.put("LIFEBOAT_HOME", repository.toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        // the stand-in handler is found on the caller's class path, as the invoker looks for it (a test before may have left another)
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(FakeHealthReportHandler.class.getClassLoader());
        int exit;
        try {
            exit = ReportCommand.run(out, Map.of(), environment, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8));
        } finally {
            thread.setContextClassLoader(previous);
        }
        return new Result(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }
}
