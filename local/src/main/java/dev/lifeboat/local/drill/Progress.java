package dev.lifeboat.local.drill;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** The drill's progress lines, each stamped with the seconds since the drill began: {@code [drill  12s] copying day 3 of 5}. */
public final class Progress {

    private final PrintStream out;
    private final Instant start;

    public Progress(PrintStream out, Instant start) {
        this.out = out;
        this.start = start;
    }

    public void line(String format, Object... args) {
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        synchronized (out) {
            out.printf("[drill %3ds] %s%n", seconds, args.length == 0 ? format : String.format(format, args));
            out.flush();
        }
    }

    /** Seconds since the drill began. */
    public Duration elapsed() {
        return Duration.between(start, Instant.now());
    }
}
