package dev.lifeboat.healthreport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.json.Json;
import org.junit.jupiter.api.Test;

class TextFormatsTest {

    @Test
    void markdownCellsCannotBreakTheTableOrCarryMarkup() {
        String md = new MarkdownReportRenderer().render(Reports.sample());

        String row = md.lines().filter(l -> l.contains("script")).findFirst().orElseThrow();
        assertThat(row).contains("&lt;script&gt;").contains("\\|\\*\\_\\[a\\](b)").doesNotContain("<script");
        assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(12);
    }

    @Test
    void markdownSaysWhatTheSummarySays() {
        String md = new MarkdownReportRenderer().render(Reports.sample());

        assertThat(md).contains("- Protected resources: 3", "- Beyond RPO or without a copy: 2", "- Failed jobs in the period: 1",
                "- Estimated monthly storage cost: $6.65");
    }

    @Test
    void jsonCarriesTheNumbersUnroundedAndTheNamesAsText() throws Exception {
        JsonNode json = Json.MAPPER.readTree(new JsonReportRenderer().render(Reports.sample()));

        assertThat(json.at("/summary/resources").asInt()).isEqualTo(3);
        assertThat(json.at("/summary/breaches").asInt()).isEqualTo(2);
        assertThat(json.at("/summary/estimatedMonthlyCostUsd").asDouble()).isEqualTo(100 * 0.05 + 100 * 0.0125 + 8 * 0.05);
        assertThat(json.at("/resources/0/source").asText()).isEqualTo(Reports.HOSTILE);
        assertThat(json.at("/resources/2/newestCopyAt").isNull()).isTrue();
        assertThat(json.at("/jobsByDay").size()).isEqualTo(8);
        assertThat(json.at("/drills/0/restoreSeconds").asLong()).isEqualTo(3600);
    }

    @Test
    void controlCharactersInNamesAreReplaced() {
        assertThat(Text.html("a\nb\u202Ec")).isEqualTo("a?b?c");
        assertThat(Text.markdown("a\r\n|b")).isEqualTo("a??\\|b");
    }

    @Test
    void summarySubjectIsOneAsciiLineWithinSnsLimit() {
        String subject = HealthReportService.subject(Reports.sample());

        assertThat(subject).isEqualTo("[Lifeboat] Health report us-west-2: 2 of 3 resources beyond RPO, 1 failed jobs");
        assertThat(subject.length()).isLessThan(100);
    }
}
