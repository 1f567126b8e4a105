package dev.lifeboat.shared.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SafeText#bounded}: untrusted text made fit for one log line. */
class SafeTextTest {

    @Test
    void leavesShortPrintableTextAsItIs() {
        // WHEN printable text shorter than the bound is made safe
        String safe = SafeText.bounded("us-east-1 ✓ Zürich", 40);

        // THEN it is unchanged
        assertThat(safe).isEqualTo("us-east-1 ✓ Zürich");
    }

    @Test
    void replacesEachControlCharacterWithAQuestionMark() {
        // GIVEN text with a line break, a carriage return, a tab, NUL, ESC, DEL and a C1 control
        String text = "a\nb\rc\td\u0000e\u001bf\u007fg\u0085h";

        // WHEN it is made safe
        String safe = SafeText.bounded(text, 100);

        // THEN each control character became one '?'
        assertThat(safe).isEqualTo("a?b?c?d?e?f?g?h");
    }

    @Test
    void replacesInvisibleFormatCharactersSuchAsBidiOverrides() {
        // GIVEN text with a right-to-left override, a zero-width space and a byte-order mark
        String text = "snap\u202e1\u200b2\ufeff3";

        // WHEN it is made safe
        String safe = SafeText.bounded(text, 100);

        // THEN they are replaced too, so what a reader sees is what was sent
        assertThat(safe).isEqualTo("snap?1?2?3");
    }

    @Test
    void replacesInvisibleTagCharactersOutsideTheBasicPlane() {
        // GIVEN text carrying the word "rm" in invisible Unicode tag characters
        String text = "snap" + Character.toString(0xE0072) + Character.toString(0xE006D);

        // WHEN it is made safe
        String safe = SafeText.bounded(text, 100);

        // THEN nothing invisible is left
        assertThat(safe.codePoints()).noneMatch(c -> Character.getType(c) == Character.FORMAT);
    }

    @ParameterizedTest
    @CsvSource({"abcdef, 3, abc…", "abcdef, 6, abcdef", "abcdef, 5, abcde…", "abcdef, 1, a…"})
    void cutsTextLongerThanTheBoundAndMarksTheCutWithAnEllipsis(String text, int max, String expected) {
        // WHEN text is bounded
        String safe = SafeText.bounded(text, max);

        // THEN it keeps the first max characters, and an ellipsis shows that more was there
        assertThat(safe).isEqualTo(expected);
    }

    @Test
    void boundsAMegabyteToTheBoundPlusTheEllipsis() {
        // GIVEN a megabyte of line breaks
        String text = "\n".repeat(1 << 20);

        // WHEN it is bounded to 40
        String safe = SafeText.bounded(text, 40);

        // THEN forty question marks and an ellipsis remain
        assertThat(safe).isEqualTo("?".repeat(40) + "…");
    }

    @Test
    void writesNullAsTheWordNull() {
        // WHEN null is made safe
        String safe = SafeText.bounded(null, 40);

        // THEN it reads "null"
        assertThat(safe).isEqualTo("null");
    }

    @Test
    void leavesTheEmptyStringEmpty() {
        // WHEN the empty string is made safe
        String safe = SafeText.bounded("", 40);

        // THEN it stays empty, without an ellipsis
        assertThat(safe).isEmpty();
    }
}
