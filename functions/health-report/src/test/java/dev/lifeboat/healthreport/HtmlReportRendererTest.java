package dev.lifeboat.healthreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportRendererTest {

    private final String html = new HtmlReportRenderer().render(Reports.sample());

    @Test
    void escapesEveryResourceNameSoThatNoMarkupComesOutOfIt() {
        assertThat(html).doesNotContain("<script").doesNotContain("alert('x')");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;");
        assertThat(html).contains("Access denied &lt;b&gt;").doesNotContain("Access denied <b>");
    }

    @Test
    void isSelfContainedWithoutScriptsOrExternalResources() {
        assertThat(html).doesNotContainPattern("(?i)<script|<link|\\ssrc=|https?://(?!www\\.w3\\.org/2000/svg)");
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
    }

    @Test
    void drawsOneAgeBarPerResourceAndTheRpoLine() {
        assertThat(count(html, "<rect class=\"age-bar ")).isEqualTo(3);
        assertThat(html).contains("<rect class=\"age-bar BREACH\"", "<rect class=\"age-bar COMPLIANT\"", "<rect class=\"age-bar NO_COPY\"");
        assertThat(count(html, "class=\"rpo-line\"")).isEqualTo(1);
        assertThat(html).contains("1.3\u00d7 RPO");
    }

    @Test
    void drawsOneStackedBarPerDayOfThePeriod() {
        assertThat(count(html, "<g class=\"day\"")).isEqualTo(8);
        assertThat(html).contains("2025-03-08: 1 failed").contains("2025-03-10: 1 succeeded");
    }

    @Test
    void aBarBeyondThreeTimesTheRpoIsCutAtTheChartsEdge() {
        String chart = HtmlReportRenderer.ageChart(Reports.sample());
        Matcher widths = Pattern.compile("class=\"age-bar [A-Z_]+\" x=\"280\" y=\"\\d+\" width=\"([0-9.]+)\"").matcher(chart);
        double widest = 0;
        while (widths.find()) {
            widest = Math.max(widest, Double.parseDouble(widths.group(1)));
        }
        assertThat(widest).isEqualTo(660.0);
    }

    @Test
    void showsTheDrillsSectionWithTheMeasuredRestoreTime() {
        assertThat(html).contains("<h2>Restore drills</h2>").contains("<td class=\"SUCCEEDED\">SUCCEEDED</td><td>1.0 h</td>");
    }

    @Test
    void saysThatEbsSizesAreAnUpperBound() {
        assertThat(html).contains("upper bound");
    }

    static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
