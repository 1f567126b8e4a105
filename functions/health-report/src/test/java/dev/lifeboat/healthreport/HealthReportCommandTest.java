package dev.lifeboat.healthreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.shared.event.InvalidEventException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/lifeboat report}: the report run against the emulator, its three files copied to a local folder. */
@ExtendWith(MotoExtension.class)
class HealthReportCommandTest {

    @TempDir
    Path out;

    @Test
    void runsTheReportAndCopiesTheDatedFilesToTheFolder(Emulator emulator) throws Exception {
        ReportEstate estate = new ReportEstate(emulator);
        estate.ebsCopy("arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b2c3d4e5f60001", 8, Instant.now().minusSeconds(600));
        Map<String, String> environment = new HashMap<>(estate.functionEnvironment());
        environment.remove("AWS_ENDPOINT_URL");

        HealthReportCommand.Outcome outcome = HealthReportCommand.run(emulator.endpoint(), environment, 3, out.resolve("report"));

        assertThat(outcome.files()).extracting(p -> p.getFileName().toString()).containsExactly("health.json", "health.md", "health.html");
        assertThat(Files.readString(out.resolve("report/health.html"))).contains("<svg id=\"rpo-chart\"", "vol-0a1b2c3d4e5f60001");
        assertThat(Files.readString(out.resolve("report/health.md"))).contains("- Protected resources: 1");
        assertThat(outcome.result().resources()).isEqualTo(1);
        assertThat(estate.delivered()).hasSize(1);
    }

    @Test
    void aPeriodOutOfRangeIsRejectedBeforeAnythingRuns(Emulator emulator) {
        ReportEstate estate = new ReportEstate(emulator);

        assertThatThrownBy(() -> HealthReportCommand.run(emulator.endpoint(), estate.functionEnvironment(), 400, out))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("periodDays");
        assertThat(estate.delivered()).isEmpty();
    }
}
