package dev.lifeboat.shared.event;

/** Makes untrusted strings safe to put in a log line or message: printable, bounded. */
public final class SafeText {

    private SafeText() {
    }

    /** {@code value} with control characters replaced and cut to {@code max} characters. */
    public static String bounded(String value, int max) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 1);
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        if (value.length() > max) {
            out.append('…');
        }
        return out.toString();
    }
}
