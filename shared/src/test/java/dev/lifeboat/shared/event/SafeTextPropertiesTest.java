package dev.lifeboat.shared.event;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of {@link SafeText#bounded} for any text and any positive bound. */
class SafeTextPropertiesTest {

    @Property
    void neverContainsAControlOrFormatCharacter(@ForAll("anyText") String text, @ForAll @IntRange(min = 1, max = 300) int max) {
        // WHEN any text is made safe
        String safe = SafeText.bounded(text, max);

        // THEN no control or invisible format character is left
        assertThat(safe.chars()).noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }

    @Property
    void isNeverLongerThanTheBoundPlusTheEllipsis(@ForAll("anyText") String text, @ForAll @IntRange(min = 1, max = 300) int max) {
        // WHEN any text is made safe
        String safe = SafeText.bounded(text, max);

        // THEN it has at most max characters, plus one for the ellipsis
        assertThat(safe.length()).isLessThanOrEqualTo(max + 1);
    }

    @Property
    void returnsPrintableTextWithinTheBoundUnchanged(@ForAll("printableText") String text) {
        // WHEN printable text no longer than the bound is made safe
        String safe = SafeText.bounded(text, 300);

        // THEN it is unchanged
        assertThat(safe).isEqualTo(text);
    }

    @Property
    void marksACutWithAnEllipsisAndOnlyACut(@ForAll("anyText") String text, @ForAll @IntRange(min = 1, max = 300) int max) {
        // WHEN any text is made safe
        String safe = SafeText.bounded(text, max);

        // THEN an ellipsis follows the kept part exactly when the text was longer than the bound
        if (text.length() > max) {
            assertThat(safe).endsWith("…");
        } else {
            assertThat(safe.length()).isLessThanOrEqualTo(text.length());
            assertThat(safe.endsWith("…")).isEqualTo(text.endsWith("…"));
        }
    }

    @Provide
    static Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(400),
                Arbitraries.strings().withCharRange('\u0000', '\u009f').withChars('\u200b', '\u202e', '\u2066', '\ufeff')
                        .ofMaxLength(400));
    }

    @Provide
    static Arbitrary<String> printableText() {
        return Arbitraries.strings().all().ofMaxLength(300)
                .map(text -> text.codePoints()
                        .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
                                && Character.getType(c) != Character.LINE_SEPARATOR
                                && Character.getType(c) != Character.PARAGRAPH_SEPARATOR)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
    }
}
