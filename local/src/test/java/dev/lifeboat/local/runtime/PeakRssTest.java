package dev.lifeboat.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeakRssTest {

    @Test
    void readsTheHighWaterMarkInBytes() {
        assertThat(PeakRss.parse(List.of("Name:\tjava", "VmPeak:\t 3000000 kB", "VmHWM:\t  163840 kB", "VmRSS:\t  150000 kB")))
                .hasValue(163840L * 1024);
    }

    @Test
    void nothingWithoutAHighWaterMark() {
        assertThat(PeakRss.parse(List.of("Name:\tjava"))).isEmpty();
    }

    @Test
    void readsALiveProcess() {
        assertThat(PeakRss.of(ProcessHandle.current().pid())).isPresent();
    }
}
