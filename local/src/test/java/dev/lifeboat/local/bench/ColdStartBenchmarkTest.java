package dev.lifeboat.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.runtime.ColdStart;
import dev.lifeboat.local.runtime.ExecutionEnvironment;
import dev.lifeboat.local.runtime.RuntimeApi;
import dev.lifeboat.local.runtime.RuntimeInterfaceClient;
import dev.lifeboat.local.template.RepoRoot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ColdStartBenchmarkTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleAndOfAnEvenCountTheMeanOfTheTwoMiddles() {
        assertThat(ColdStartBenchmark.median(List.of(ms(900), ms(100), ms(300)))).isEqualTo(ms(300));
        assertThat(ColdStartBenchmark.median(List.of(ms(400), ms(100), ms(300), ms(900)))).isEqualTo(ms(350));
    }

    @Test
    void theTableGivesTheRatiosAndNamesEveryTargetAFunctionMisses() {
        // GIVEN a function at 0.6 × its naive baseline and 4 × the floor, at 170 MiB, and one within every target
        Map<String, List<ColdStart>> results = new LinkedHashMap<>();
        results.put("CopySnapshotFunction", List.of(run(800, 400, 170)));
        results.put(ColdStartBenchmark.naiveName("CopySnapshotFunction"), List.of(run(500, 1500, 120)));
        results.put("StartRestoreFunction", List.of(run(500, 100, 90)));
        results.put(ColdStartBenchmark.FLOOR, List.of(run(250, 50, 60)));

        String table = ColdStartBenchmark.table(results, 1, RuntimeInterfaceClient.of(RepoRoot.find(), Map.of()));

        assertThat(table).contains("| CopySnapshotFunction | 800 | 400 | 1200 | 170 | 0.60 | 4.00 | > 0.5 × naive, > 3 × floor, > 160 MiB |")
                .contains("| StartRestoreFunction | 500 | 100 | 600 | 90 |  | 2.00 | none |")
                .contains("| no-op handler (floor) | 250 | 50 | 300 | 60 |  |  |  |");
    }

    private static ColdStart run(long initMs, long invokeMs, long rssMiB) {
        RuntimeApi.Outcome outcome = new RuntimeApi.Outcome.Response("{}", 0, Duration.ofMillis(invokeMs).toNanos());
        return new ColdStart(ms(initMs), ms(invokeMs), OptionalLong.of(rssMiB << 20), new ExecutionEnvironment.Invoked(outcome, ""));
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
