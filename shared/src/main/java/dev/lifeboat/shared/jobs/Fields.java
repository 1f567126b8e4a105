package dev.lifeboat.shared.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Tolerant readers for event detail fields. AWS's events disagree with themselves: AWS Backup
 * sends sizes as strings or numbers, {@code {}} where an ARN is expected, {@code state} or
 * {@code status}; Step Functions sends dates as epoch milliseconds; the Backup API uses epoch
 * seconds with a fraction. A field of an unexpected type reads as absent, never as an error.
 */
final class Fields {

    private Fields() {
    }

    /** The first of {@code names} that is a non-blank string or a number, as text; else empty. */
    static String text(JsonNode node, String... names) {
        if (node == null) {
            return "";
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && (value.isTextual() || value.isNumber() || value.isBoolean()) && !value.asText().isBlank()) {
                return value.asText().trim();
            }
        }
        return "";
    }

    /** An instant from ISO-8601 text, epoch milliseconds or epoch seconds (with a fraction); empty when unreadable. */
    static Optional<Instant> instant(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isNumber()) {
            return epoch(value.decimalValue());
        }
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = value.asText().trim();
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            try {
                return epoch(new BigDecimal(text));
            } catch (NumberFormatException notANumber) {
                return Optional.empty();
            }
        }
    }

    private static Optional<Instant> epoch(BigDecimal number) {
        try {
            // beyond 1e11 seconds (year 5138) a number can only be milliseconds
            if (number.abs().compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0) {
                return Optional.of(Instant.ofEpochMilli(number.longValueExact()));
            }
            BigDecimal millis = number.movePointRight(3);
            return Optional.of(Instant.ofEpochMilli(millis.longValue()));
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code "\"text\""} as AWS Backup quotes its status messages, without the quotes. */
    static String unquoted(String text) {
        String trimmed = text.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** The part of an ARN or path after its last {@code /} or {@code :}. */
    static String lastSegment(String arn) {
        int cut = Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':'));
        return cut >= 0 && cut < arn.length() - 1 ? arn.substring(cut + 1) : arn;
    }
}
