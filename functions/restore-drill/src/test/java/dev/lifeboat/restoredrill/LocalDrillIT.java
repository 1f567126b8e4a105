package dev.lifeboat.restoredrill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.drill.DrillReport;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run as a user runs it: {@code bin/lifeboat drill} from the
 * repository root, in a shell with no AWS settings, on the artifacts this build has just packaged
 * (this module is last in the reactor, so every function jar exists). The drill starts its own
 * emulator; the test checks what a person reads: the report's sections, a validated restore with
 * its RTO per resource, the injected failure's alert, the health report file, the exit code, and
 * that it all took less than two minutes.
 */
class LocalDrillIT {

    private static final Path REPO = RepoRoot.find();
    private static final Duration BUDGET = Duration.ofMinutes(2);
    private static final Duration KILL_AFTER = Duration.ofMinutes(4);
    private static final Pattern VOLUME = Pattern.compile("protected EBS volume (vol-[0-9a-f]+)");

    @TempDir
    Path folder;

    @Test
    void theDrillRestoresEveryResourceInTheRecoveryRegionAndPrintsItsReportWithinTwoMinutes() throws Exception {
        // WHEN the README's first command runs
        Instant start = Instant.now();
        Run drill = lifeboat("drill");
        Duration took = Duration.between(start, Instant.now());
        System.out.printf("bin/lifeboat drill took %.1f s (budget %d s)%n", took.toMillis() / 1000.0, BUDGET.toSeconds());

        // THEN it exits 0, having shown its progress while it ran
        assertThat(drill.exit()).as("bin/lifeboat drill\nstdout:\n%s\nstderr:\n%s", drill.stdout(), drill.stderr()).isZero();
        assertThat(drill.stdout().lines().filter(line -> line.startsWith("[drill "))).hasSizeGreaterThan(10)
                .anyMatch(line -> line.contains("simulated")).anyMatch(line -> line.contains("DISASTER"));
        // AND the report has every section, one validated restore with its RTO per protected resource
        assertThat(drill.stdout()).contains(DrillReport.SECTIONS.toArray(String[]::new));
        List<String> rtoLines = drill.stdout().lines().filter(line -> line.matches("\\s+\\S+\\s+RTO\\s+[0-9.]+ s\\s+.*")).toList();
        assertThat(rtoLines).hasSize(3).allMatch(line -> line.contains("validated, restored as"));
        assertThat(drill.stdout()).contains("Result: PASSED: 3 of 3 restores validated");
        // AND the injected failure raised an alert in the primary region, naming the volume
        Matcher volume = VOLUME.matcher(drill.stdout());
        assertThat(volume.find()).as("the protected volume in the progress lines").isTrue();
        String alerts = section(drill.stdout(), "Alerts raised");
        assertThat(alerts.lines()).anyMatch(line -> line.contains("[us-east-1]") && line.contains("EBS snapshot failed")
                && line.contains(volume.group(1)));
        // AND the HTML health report is written, once the template has the function that writes it
        if (Template.loadFrom(REPO).functions().containsKey("HealthReportFunction")) {
            Path html = section(drill.stdout(), "Health report").lines().map(String::trim).filter(line -> line.endsWith(".html"))
                    .map(Path::of).findFirst().orElseThrow(() -> new AssertionError("no .html file under Health report:\n" + drill.stdout()));
            assertThat(html).isRegularFile();
            assertThat(Files.readString(html)).containsIgnoringCase("<html");
        } else {
            assertThat(section(drill.stdout(), "Scheduled recovery functions")).contains("HealthReportFunction   not available yet");
        }
        // AND it finished within the README's promise
        assertThat(took).as("the drill's wall time").isLessThan(BUDGET);
    }

    /** A report section: from its heading to the next blank line. */
    private static String section(String report, String heading) {
        int start = report.indexOf("\n" + heading);
        assertThat(start).as("section %s in\n%s", heading, report).isNotNegative();
        int end = report.indexOf("\n\n", start + 1);
        return report.substring(start + 1, end < 0 ? report.length() : end);
    }

    /** A finished command: its exit code and what it printed. */
    private record Run(int exit, String stdout, String stderr) {
    }

    /** Runs {@code bin/lifeboat args} from the repository root, as the README's shell would. */
    private Run lifeboat(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(REPO.resolve("bin/lifeboat").toString()));
        command.addAll(List.of(args));
        Path stdout = folder.resolve("stdout");
        Path stderr = folder.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        // the drill needs no AWS settings: it starts its own emulator
        environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.equals("MOTO_PORT"));
        // this build has just packaged what the script runs; building here would rebuild it under the running build
        environment.put("LIFEBOAT_BUILD", "never");
        Process process = builder.start();
        if (!process.waitFor(KILL_AFTER.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("bin/lifeboat " + String.join(" ", args) + " did not finish within " + KILL_AFTER.toSeconds()
                    + " s; its output:\n" + Files.readString(stdout, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
