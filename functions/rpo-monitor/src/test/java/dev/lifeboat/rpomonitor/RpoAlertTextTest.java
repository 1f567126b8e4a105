package dev.lifeboat.rpomonitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The alert a person reads: its subject fits SNS's limit and keeps the resource id. */
class RpoAlertTextTest {

    private final RpoAlertText text = new RpoAlertText("us-west-2", "/lifeboat/policies");

    @Test
    void longOrOddResourceNamesStillGiveAnAsciiSubjectUnder100CharactersEndingWithTheResourceId() {
        String arn = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/" + "x".repeat(80) + "\u00e9-fs-0123456789abcdef0";
        ResourceReport report = new ResourceReport(arn, "backup:EFS", "us-east-1", "default", "default", Optional.of(24.0),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), RpoStatus.NO_COPY,
                Optional.of("no completed copy in the recovery region"), 0, 0, false);

        RpoAlertText.Message message = text.alert(report, Instant.parse("2026-03-02T12:00:00Z"), false);

        assertThat(message.subject()).hasSizeLessThanOrEqualTo(99).matches("[\\x20-\\x7E]+")
                .startsWith("[Lifeboat] No recovery copy: ...").endsWith("?-fs-0123456789abcdef0");
        assertThat(message.body()).startsWith(message.subject() + "\n\n")
                .contains("Primary region: did not answer this check: only the recovery region's copies were seen");
    }
}
