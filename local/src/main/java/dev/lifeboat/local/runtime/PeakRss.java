package dev.lifeboat.local.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * A process's peak resident set size, as Linux keeps it in {@code /proc/<pid>/status}
 * ({@code VmHWM}, the high-water mark): the closest local reading of Lambda's {@code Max Memory Used}.
 */
final class PeakRss {

    private PeakRss() {
    }

    static OptionalLong of(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            return parse(Files.readAllLines(status));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code VmHWM:   163840 kB} → 167772160 bytes. */
    static OptionalLong parse(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmHWM:")) {
                String[] fields = line.substring("VmHWM:".length()).trim().split("\\s+");
                long value = Long.parseLong(fields[0]);
                if (fields.length > 1 && !fields[1].equalsIgnoreCase("kB")) {
                    throw new IllegalStateException("Unexpected unit in " + line);
                }
                return OptionalLong.of(value * 1024);
            }
        }
        return OptionalLong.empty();
    }
}
