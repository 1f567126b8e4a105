package dev.lifeboat.healthreport;

import dev.lifeboat.shared.event.SafeText;
import java.time.Duration;
import java.util.Locale;

/** Makes untrusted values (resource names, reasons, tags) safe for each output format. */
final class Text {

    static final int MAX_VALUE = 300;

    private Text() {
    }

    /** Printable and bounded: control, format and line-separator characters replaced. */
    static String clean(String value) {
        return SafeText.bounded(value == null ? "" : value, MAX_VALUE);
    }

    /** Text for HTML (element content and quoted attribute values alike). */
    static String html(String value) {
        String clean = clean(value);
        StringBuilder out = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Text for a Markdown table cell: no markup, link, HTML or cell break can come out of it. */
    static String markdown(String value) {
        String clean = clean(value);
        StringBuilder out = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '|', '\\', '`', '*', '_', '[', ']', '~' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String hours(Duration duration) {
        return String.format(Locale.ROOT, "%.1f h", duration.toMillis() / 3_600_000.0);
    }

    static String usd(double amount) {
        return String.format(Locale.ROOT, "$%,.2f", amount);
    }

    static String gb(double amount) {
        return String.format(Locale.ROOT, "%,.1f GB", amount);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
