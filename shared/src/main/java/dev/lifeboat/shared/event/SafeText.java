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
        int limit = Math.max(max, 0);
        StringBuilder out = new StringBuilder(Math.min(value.length(), limit) + 1);
        int i = 0;
        while (i < value.length()) {
            int c = value.codePointAt(i);
            if (out.length() + Character.charCount(c) > limit) {
                break;
            }
            out.appendCodePoint(isUnsafe(c) ? '?' : c);
            i += Character.charCount(c);
        }
        if (i < value.length()) {
            out.append('…');
        }
        return out.toString();
    }

    private static boolean isUnsafe(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
