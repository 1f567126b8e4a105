package dev.lifeboat.healthreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.aws.AwsClientFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser shows it: the page the function wrote to the bucket, opened in
 * headless Chromium (Debian's {@code chromium} package), screenshotted, and its rendered DOM read.
 * The screenshot is kept as {@code target/health-report-screenshot.png}.
 */
@ExtendWith(MotoExtension.class)
class HealthReportInHeadlessChromiumTest {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Instant NOW = Instant.parse("2025-03-10T06:00:00Z");
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 1600;

    @TempDir
    Path temp;

    @Test
    void theReportFromTheBucketOpensInHeadlessChromiumAndShowsBothCharts(Emulator emulator) throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("headless Chromium at %s: install it with 'apt-get install -y chromium' "
                + "(Debian's package; or set CHROMIUM to its path)", CHROMIUM).isTrue();
        // GIVEN a report with a compliant, a breaching and a hostile-named resource, written by the function to the bucket
        ReportEstate estate = new ReportEstate(emulator);
        estate.ebsCopy("arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b2c3d4e5f60001", 100, NOW.minus(Duration.ofHours(2)));
        estate.ebsCopy("arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b2c3d4e5f60002", 10, NOW.minus(Duration.ofHours(40)));
        estate.ebsCopy("<img src=x onerror=alert(1)>", 10, NOW.minus(Duration.ofHours(20)));
        for (int day = 0; day < 7; day++) {
            for (int job = 0; job <= day % 3; job++) {
                JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "ok-" + day + "-" + job,
                        NOW.minus(Duration.ofDays(day).plusHours(job + 1)), false);
            }
        }
        JobHistoryItems.backupJob(estate.dynamoDb, ReportEstate.JOB_TABLE, "failed-1", NOW.minus(Duration.ofDays(2).plusHours(5)), true);
        Map<String, String> environment = estate.functionEnvironment();
        new HealthReportHandler(HealthReportHandler.service(environment, new AwsClientFactory(environment), Clock.fixed(NOW, ZoneOffset.UTC)), 7)
                .handleRequest(Map.of(), LambdaTestContext.forFunction("health-report"));
        Path page = temp.resolve("health.html");
        Files.write(page, estate.s3.getObjectAsBytes(r -> r.bucket(ReportEstate.BUCKET).key("reports/latest.html")).asByteArray());

        // WHEN Chromium renders it
        Path screenshot = temp.resolve("screenshot.png");
        chromium(page, "--screenshot=" + screenshot);
        String dom = chromium(page, "--dump-dom");

        // THEN the screenshot is a real picture with both charts' colours in it
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).as("screenshot size").isGreaterThan(10_000);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        assertThat(pixels(image, 0x2e7d32)).as("green pixels (compliant bars, succeeded jobs)").isGreaterThan(500);
        assertThat(pixels(image, 0xc62828)).as("red pixels (breaching bars, failed jobs)").isGreaterThan(500);
        Files.copy(screenshot, Path.of("target", "health-report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // AND the rendered DOM has both charts: one age bar per resource, one bar per day
        assertThat(dom).contains("<svg id=\"rpo-chart\"", "<svg id=\"jobs-chart\"", "class=\"rpo-line\"");
        assertThat(HtmlReportRendererTest.count(dom, "<rect class=\"age-bar ")).isEqualTo(3);
        assertThat(HtmlReportRendererTest.count(dom, "<g class=\"day\"")).isEqualTo(8);
        assertThat(dom).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    private String chromium(Path page, String action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(temp, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT, action, page.toUri().toString()));
        Path stdout = temp.resolve("chromium-" + System.nanoTime() + ".out");
        Path stderr = temp.resolve("chromium-" + System.nanoTime() + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 120 s: " + Files.readString(stderr));
        }
        assertThat(process.exitValue()).as("Chromium's exit code; its stderr: %s", Files.readString(stderr)).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static long pixels(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
