package dev.lifeboat.local.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs code with {@code System.out} captured, as Lambda captures a function's structured logs and
 * EMF metrics; the text is echoed to {@code System.err} so test reports still show it.
 */
public final class CapturedStdout {

    private CapturedStdout() {
    }

    /** The value {@code action} returned, with what it printed. */
    public record Result<T>(T value, String output) {

        /** Printed lines that are JSON objects: log records and EMF documents. */
        public List<String> jsonLines() {
            return output.lines().filter(line -> line.startsWith("{")).toList();
        }
    }

    public static synchronized <T> Result<T> capture(Supplier<T> action) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        T value;
        try {
            value = action.get();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.err.print(output);
        return new Result<>(value, output);
    }
}
