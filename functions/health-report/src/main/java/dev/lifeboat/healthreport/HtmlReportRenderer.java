package dev.lifeboat.healthreport;

import dev.lifeboat.healthreport.HealthReport.DayOfJobs;
import dev.lifeboat.healthreport.HealthReport.ResourceHealth;
import dev.lifeboat.healthreport.HealthReport.RpoStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page: inline CSS and inline SVG charts drawn here, no
 * script, no external resource (its Content-Security-Policy forbids them), every value escaped.
 * Charts: each resource's recovery-point age against its RPO (one bar per resource, the RPO a
 * line), and finished jobs per day (succeeded and failed stacked, one bar per day).
 */
public final class HtmlReportRenderer {

    static final String COST_NOTE = "Estimated from list prices in the policy document. EBS snapshots are counted at their volume's "
            + "full size, an upper bound: AWS bills only the blocks that changed since the previous snapshot.";

    /** Bars are drawn up to this multiple of the RPO; older ones are cut at the edge and say so. */
    static final double MAX_RPO_MULTIPLE = 3.0;

    private static final int CHART_WIDTH = 960;
    private static final int LABEL_WIDTH = 280;
    private static final int ROW_HEIGHT = 22;

    public String render(HealthReport report) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Lifeboat backup health report</title>
                <style>
                body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2733;max-width:1200px}
                h1{font-size:24px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #d5dbe1;padding-bottom:4px}
                .tiles{display:flex;gap:16px;flex-wrap:wrap}.tile{border:1px solid #d5dbe1;border-radius:6px;padding:12px 16px;min-width:160px}
                .tile b{display:block;font-size:24px}.bad b{color:#b3261e}
                table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #d5dbe1;padding:4px 6px;text-align:left;vertical-align:top}
                th{background:#f3f5f7}td{overflow-wrap:anywhere}.BREACH,.NO_COPY,.FAILED,.TIMED_OUT{color:#b3261e;font-weight:600}.COMPLIANT,.SUCCEEDED{color:#1e7d32}
                svg text{font-size:12px;fill:#1d2733}.age-bar.COMPLIANT{fill:#2e7d32}.age-bar.BREACH{fill:#c62828}.age-bar.NO_COPY{fill:#9e9e9e}
                .rpo-line{stroke:#1d2733;stroke-width:2;stroke-dasharray:4 3}.jobs-succeeded{fill:#2e7d32}.jobs-failed{fill:#c62828}
                .axis{stroke:#9aa5b1}.note{color:#5b6673;font-size:13px}
                </style></head><body>
                """);
        html.append("<h1>Lifeboat backup health report</h1>\n<p class=\"note\">Region ").append(Text.html(report.region()))
                .append(" &middot; period ").append(report.periodStart()).append(" to ").append(report.periodEnd())
                .append(" &middot; generated ").append(report.generatedAt()).append("</p>\n");
        html.append("<div class=\"tiles\">")
                .append(tile("Protected resources", Integer.toString(report.resources().size()), false))
                .append(tile("Beyond RPO or no copy", Long.toString(report.breaches()), report.breaches() > 0))
                .append(tile("Failed jobs in period", Integer.toString(report.failures().size()), !report.failures().isEmpty()))
                .append(tile("Est. storage cost / month", Text.usd(report.monthlyCostUsd()), false))
                .append("</div>\n");

        html.append("<h2>Recovery-point age against RPO</h2>\n").append(ageChart(report));
        html.append("<h2>Job success over time</h2>\n").append(jobsChart(report));

        html.append("<h2>Resources</h2>\n<table><thead><tr><th>Resource</th><th>Type</th><th>Policy</th><th>Newest copy</th><th>Age</th>"
                + "<th>RPO</th><th>Status</th><th>Copies per tier</th><th>Storage</th><th>Est. cost/month</th><th>Failures</th></tr></thead><tbody>\n");
        for (ResourceHealth r : report.resources()) {
            html.append("<tr><td>").append(Text.html(r.source())).append("</td><td>").append(Text.html(r.resourceType()))
                    .append("</td><td>").append(Text.html(r.policy())).append("</td><td>")
                    .append(r.newestCopyAt().map(Object::toString).orElse("none")).append("</td><td>")
                    .append(r.age().map(Text::hours).orElse("-")).append("</td><td>").append(r.rpo().map(Text::hours).orElse("unknown"))
                    .append("</td><td class=\"").append(r.status()).append("\">").append(r.status()).append("</td><td>")
                    .append(Text.html(MarkdownReportRenderer.tiers(r.copiesPerTier(), r.gbPerTier(), r.copies()))).append("</td><td>")
                    .append(Text.html(MarkdownReportRenderer.storage(r.gbPerClass()))).append("</td><td>").append(Text.usd(r.monthlyCostUsd()))
                    .append("</td><td>").append(r.failuresInPeriod()).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");

        html.append("<h2>Storage and estimated cost</h2>\n<table><thead><tr><th>Class</th><th>Copies</th><th>Size</th><th>Est. cost/month</th>"
                + "</tr></thead><tbody>\n");
        report.storage().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> html.append("<tr><td>")
                .append(e.getKey().label()).append("</td><td>").append(e.getValue().copies()).append("</td><td>")
                .append(Text.gb(e.getValue().gb())).append("</td><td>").append(Text.usd(e.getValue().monthlyCostUsd())).append("</td></tr>\n"));
        html.append("</tbody></table>\n<p class=\"note\">").append(Text.html(COST_NOTE)).append("</p>\n");

        html.append("<h2>Failures in the period</h2>\n");
        if (report.failures().isEmpty()) {
            html.append("<p>None.</p>\n");
        } else {
            html.append("<table><thead><tr><th>Time</th><th>Region</th><th>Job</th><th>Resource</th><th>What failed</th><th>Reason</th>"
                    + "</tr></thead><tbody>\n");
            for (JobRecord f : report.failures()) {
                html.append("<tr><td>").append(f.time()).append("</td><td>").append(Text.html(f.region())).append("</td><td>")
                        .append(Text.html(f.type())).append("</td><td>").append(Text.html(f.resource())).append("</td><td>")
                        .append(Text.html(f.failure())).append("</td><td>").append(Text.html(f.reason())).append("</td></tr>\n");
            }
            html.append("</tbody></table>\n");
        }
        report.drills().ifPresent(drills -> {
            html.append("<h2>Restore drills</h2>\n");
            if (drills.isEmpty()) {
                html.append("<p>No drill recorded yet.</p>\n");
                return;
            }
            html.append("<table><thead><tr><th>Resource</th><th>Last drill</th><th>Finished</th><th>Outcome</th><th>Restore time (RTO)</th>"
                    + "<th>Error</th></tr></thead><tbody>\n");
            for (HealthReport.DrillRow d : drills) {
                String outcome = Text.html(d.outcome());
                html.append("<tr><td>").append(Text.html(d.source())).append("</td><td>").append(Text.html(d.drillId())).append("</td><td>")
                        .append(d.finishedAt().map(Object::toString).orElse("-")).append("</td><td class=\"")
                        .append(outcome.replaceAll("[^A-Z_]", "")).append("\">").append(outcome).append("</td><td>")
                        .append(d.restoreSeconds().isPresent() ? Text.hours(Duration.ofSeconds(d.restoreSeconds().getAsLong())) : "-")
                        .append("</td><td>").append(Text.html(d.error())).append("</td></tr>\n");
            }
            html.append("</tbody></table>\n");
        });
        if (!report.notes().isEmpty()) {
            html.append("<h2>Notes</h2>\n<ul>\n");
            report.notes().forEach(n -> html.append("<li>").append(Text.html(n)).append("</li>\n"));
            html.append("</ul>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static String tile(String label, String value, boolean bad) {
        return "<div class=\"tile" + (bad ? " bad" : "") + "\">" + Text.html(label) + "<b>" + Text.html(value) + "</b></div>";
    }

    /** One horizontal bar per resource: its age as a multiple of its RPO; the dashed line is the RPO. */
    static String ageChart(HealthReport report) {
        int rows = report.resources().size();
        int plot = CHART_WIDTH - LABEL_WIDTH - 20;
        int height = 30 + Math.max(rows, 1) * ROW_HEIGHT + 24;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"rpo-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(CHART_WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ').append(height)
                .append("\"><title>Recovery-point age as a multiple of each resource's RPO</title>\n");
        double rpoX = LABEL_WIDTH + plot / MAX_RPO_MULTIPLE;
        if (rows == 0) {
            svg.append("<text x=\"").append(LABEL_WIDTH).append("\" y=\"40\">No protected resource found.</text>\n");
        }
        int y = 30;
        for (ResourceHealth r : report.resources()) {
            double multiple = r.age().flatMap(a -> r.rpo().map(rpo -> a.toMillis() / (double) Math.max(1, rpo.toMillis())))
                    .orElse(MAX_RPO_MULTIPLE);
            double width = Math.max(2, Math.min(multiple, MAX_RPO_MULTIPLE) / MAX_RPO_MULTIPLE * plot);
            String label = Text.html(shortName(r.source()));
            String detail = r.status() == RpoStatus.NO_COPY ? "no copy in the recovery region"
                    : Text.hours(r.age().orElseThrow()) + " old, RPO " + r.rpo().map(Text::hours).orElse("unknown (policy not defined)");
            svg.append("<text x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\">")
                    .append(label).append("</text>")
                    .append("<rect class=\"age-bar ").append(r.status()).append("\" x=\"").append(LABEL_WIDTH).append("\" y=\"")
                    .append(y + 3).append("\" width=\"").append(fmt(width)).append("\" height=\"").append(ROW_HEIGHT - 6)
                    .append("\"><title>").append(Text.html(r.source())).append(": ").append(Text.html(detail)).append("</title></rect>")
                    .append("<text x=\"").append(fmt(LABEL_WIDTH + width + 4)).append("\" y=\"").append(y + 15).append("\">")
                    .append(Text.html(r.status() == RpoStatus.NO_COPY ? "no copy" : r.rpo().isEmpty() ? "RPO unknown"
                            : Text.number(multiple) + "\u00d7 RPO"))
                    .append("</text>\n");
            y += ROW_HEIGHT;
        }
        svg.append("<line class=\"rpo-line\" x1=\"").append(fmt(rpoX)).append("\" y1=\"22\" x2=\"").append(fmt(rpoX)).append("\" y2=\"")
                .append(y + 4).append("\"/><text x=\"").append(fmt(rpoX + 4)).append("\" y=\"16\">RPO</text>")
                .append("<text x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y + 20).append("\" class=\"note\">age as a multiple of the RPO, "
                        + "cut at ").append(Text.number(MAX_RPO_MULTIPLE)).append("\u00d7</text>\n</svg>\n");
        return svg.toString();
    }

    /** One stacked bar per day: jobs that succeeded (bottom) and failed (top). */
    static String jobsChart(HealthReport report) {
        int days = report.jobsByDay().size();
        int plotHeight = 200;
        int left = 50;
        int plotWidth = CHART_WIDTH - left - 20;
        int max = report.jobsByDay().stream().mapToInt(d -> d.succeeded() + d.failed()).max().orElse(0);
        int scaleMax = Math.max(max, 1);
        int height = plotHeight + 60;
        double slot = days == 0 ? plotWidth : plotWidth / (double) days;
        double barWidth = Math.max(2, slot * 0.7);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"jobs-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(CHART_WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ').append(height)
                .append("\"><title>Finished jobs per day: succeeded and failed</title>\n");
        int base = 20 + plotHeight;
        svg.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(base).append("\" x2=\"").append(left + plotWidth)
                .append("\" y2=\"").append(base).append("\"/><line class=\"axis\" x1=\"").append(left).append("\" y1=\"20\" x2=\"")
                .append(left).append("\" y2=\"").append(base).append("\"/>")
                .append("<text x=\"").append(left - 6).append("\" y=\"26\" text-anchor=\"end\">").append(scaleMax).append("</text>")
                .append("<text x=\"").append(left - 6).append("\" y=\"").append(base).append("\" text-anchor=\"end\">0</text>\n");
        if (max == 0) {
            svg.append("<text x=\"").append(left + 10).append("\" y=\"").append(base - 10).append("\">No finished job recorded in the period.</text>\n");
        }
        int i = 0;
        for (DayOfJobs day : report.jobsByDay()) {
            double x = left + i * slot + (slot - barWidth) / 2;
            double ok = day.succeeded() * (double) plotHeight / scaleMax;
            double failed = day.failed() * (double) plotHeight / scaleMax;
            svg.append("<g class=\"day\" data-day=\"").append(day.day()).append("\">")
                    .append("<rect class=\"jobs-succeeded\" x=\"").append(fmt(x)).append("\" y=\"").append(fmt(base - ok))
                    .append("\" width=\"").append(fmt(barWidth)).append("\" height=\"").append(fmt(ok)).append("\"><title>")
                    .append(day.day()).append(": ").append(day.succeeded()).append(" succeeded</title></rect>")
                    .append("<rect class=\"jobs-failed\" x=\"").append(fmt(x)).append("\" y=\"").append(fmt(base - ok - failed))
                    .append("\" width=\"").append(fmt(barWidth)).append("\" height=\"").append(fmt(failed)).append("\"><title>")
                    .append(day.day()).append(": ").append(day.failed()).append(" failed</title></rect>");
            if (days <= 31) {
                svg.append("<text x=\"").append(fmt(x + barWidth / 2)).append("\" y=\"").append(base + 16).append("\" text-anchor=\"middle\">")
                        .append(day.day().toString().substring(5)).append("</text>");
            }
            svg.append("</g>\n");
            i++;
        }
        svg.append("<rect class=\"jobs-succeeded\" x=\"").append(left).append("\" y=\"").append(height - 16)
                .append("\" width=\"10\" height=\"10\"/><text x=\"").append(left + 14).append("\" y=\"").append(height - 7)
                .append("\">succeeded</text><rect class=\"jobs-failed\" x=\"").append(left + 100).append("\" y=\"").append(height - 16)
                .append("\" width=\"10\" height=\"10\"/><text x=\"").append(left + 114).append("\" y=\"").append(height - 7)
                .append("\">failed</text>\n</svg>\n");
        return svg.toString();
    }

    /** The part of an ARN a person recognises (the id after the last {@code /} or {@code :}), bounded for a chart label. */
    static String shortName(String source) {
        String clean = Text.clean(source);
        int cut = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf(':'));
        String name = cut >= 0 && cut < clean.length() - 1 ? clean.substring(cut + 1) : clean;
        return name.length() > 40 ? name.substring(0, 39) + "\u2026" : name;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
