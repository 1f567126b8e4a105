package dev.lifeboat.shared.config;

import dev.lifeboat.shared.event.SafeText;
import java.util.Map;

/**
 * Reads a function's settings from its environment (template.yaml sets them). A missing or
 * malformed variable stops the function at initialisation, naming the variable, rather than
 * failing later on the first event.
 */
public final class FunctionEnvironment {

    private FunctionEnvironment() {
    }

    /** The value of {@code name}, which must be set and not blank. */
    public static String required(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set (see template.yaml)");
        }
        return value;
    }

    /** The whole number in {@code name} (or {@code fallback} when unset), which must lie in {@code [min, max]}. */
    public static long wholeNumber(Map<String, String> environment, String name, long fallback, long min, long max) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalStateException("environment variable " + name + " must be a whole number from " + min + " to " + max
                + ", got '" + SafeText.bounded(value, 40) + "'");
    }
}
