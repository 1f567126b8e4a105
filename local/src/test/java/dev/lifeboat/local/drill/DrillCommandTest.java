package dev.lifeboat.local.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

class DrillCommandTest {

    @Test
    void withoutOptionsTheDrillSimulatesTheDefaultDaysAndStops() {
        assertThat(DrillCommand.parse(List.of())).isEqualTo(new DrillCommand.Arguments(DrillCommand.DEFAULT_DAYS, false, Map.of()));
    }

    @Test
    void takesDaysKeepRunningAndParameterOverridesInEitherSpelling() {
        assertThat(DrillCommand.parse(List.of("--days", "5", "--keep-running", "--parameter", "DefaultRpoHours=12")))
                .isEqualTo(new DrillCommand.Arguments(5, true, Map.of("DefaultRpoHours", "12")));
        assertThat(DrillCommand.parse(List.of("--days=4", "--parameter=RestorePollSeconds=2")))
                .isEqualTo(new DrillCommand.Arguments(4, false, Map.of("RestorePollSeconds", "2")));
    }

    @Test
    void rejectsFewerThanTwoDaysAWordForDaysAndUnknownOptions() {
        assertThatThrownBy(() -> DrillCommand.parse(List.of("--days", "1"))).hasMessageContaining("between 2 and 30");
        assertThatThrownBy(() -> DrillCommand.parse(List.of("--days", "five"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> DrillCommand.parse(List.of("--days"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DrillCommand.parse(List.of("--fast"))).hasMessageContaining("Unknown option --fast");
        assertThatThrownBy(() -> DrillCommand.parse(List.of("--parameter", "novalue"))).hasMessageContaining("KEY=VALUE");
    }

    @Test
    void theRtoIsTheExecutionsDurationFromItsFirstHistoryEventToItsLast() {
        Instant start = Instant.parse("2025-03-10T02:00:00Z");
        List<HistoryEvent> history = List.of(HistoryEvent.builder().id(1L).timestamp(start).build(),
                HistoryEvent.builder().id(2L).timestamp(start.plusSeconds(3)).build(),
                HistoryEvent.builder().id(3L).timestamp(start.plusMillis(8_250)).build());

        assertThat(Drill.measured(history).toMillis()).isEqualTo(8_250);
        assertThat(Drill.measured(List.of())).isZero();
    }
}
