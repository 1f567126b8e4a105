package dev.lifeboat.healthreport;

import dev.lifeboat.shared.event.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the health report for a period, writes it as JSON, Markdown and HTML to the report store
 * (dated keys and {@code latest}), and publishes a short summary. A job history or drill table
 * that cannot be read does not stop the report: it says so in its notes.
 */
public final class HealthReportService {

    private static final Logger LOG = LoggerFactory.getLogger(HealthReportService.class);
    private static final int NAMED_BREACHES = 5;

    /** A job history and what to call it in a note (its region and table). */
    public record JobSource(String name, JobHistory history) {
    }

    /** What was written and the numbers the summary gave. */
    public record Result(List<String> keys, int resources, long breaches, int failures, double monthlyCostUsd, String htmlKey) {
    }

    private final EstateView estate;
    private final HealthReportBuilder builder;
    private final List<JobSource> jobs;
    private final Optional<DrillResults> drills;
    private final ReportStore store;
    private final SummarySink summary;
    private final String region;
    private final Clock clock;

    public HealthReportService(EstateView estate, HealthReportBuilder builder, List<JobSource> jobs, Optional<DrillResults> drills,
                               ReportStore store, SummarySink summary, String region, Clock clock) {
        this.estate = estate;
        this.builder = builder;
        this.jobs = List.copyOf(jobs);
        this.drills = drills;
        this.store = store;
        this.summary = summary;
        this.region = region;
        this.clock = clock;
    }

    /** The report of the last {@code periodDays}; {@code account} is this function's account, for copies that name none. */
    public Result run(int periodDays, String account) {
        Instant now = clock.instant();
        Duration period = Duration.ofDays(periodDays);
        List<String> notes = new ArrayList<>();
        List<JobRecord> finished = new ArrayList<>();
        if (jobs.isEmpty()) {
            notes.add("No job history table is configured: job success over time and failures cannot be shown.");
        }
        for (JobSource source : jobs) {
            try {
                finished.addAll(source.history().between(now.minus(period), now));
            } catch (RuntimeException e) {
                LOG.warn("Job history {} could not be read: {}", source.name(), SafeText.bounded(e.getMessage(), 300));
                notes.add("Job history " + source.name() + " could not be read (" + SafeText.bounded(e.getMessage(), 200)
                        + "): its jobs are missing from this report.");
            }
        }
        Optional<List<DrillRecord>> drillRecords = Optional.empty();
        if (drills.isPresent()) {
            try {
                drillRecords = Optional.of(drills.get().all());
            } catch (RuntimeException e) {
                LOG.warn("Drill results could not be read: {}", SafeText.bounded(e.getMessage(), 300));
                notes.add("Restore drill results could not be read (" + SafeText.bounded(e.getMessage(), 200) + ").");
            }
        }
        EstateView.Estate found = estate.read(account, now);
        notes.addAll(0, found.notes());
        HealthReport report = builder.build(region, now, period, found.resources(), finished, drillRecords, notes);

        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String folder = "reports/" + day.getYear() + "/" + day + "/";
        String json = new JsonReportRenderer().render(report);
        String markdown = new MarkdownReportRenderer().render(report);
        String html = new HtmlReportRenderer().render(report);
        List<ReportStore.ReportFile> files = new ArrayList<>();
        for (String prefix : List.of(folder + "health", "reports/latest")) {
            files.add(new ReportStore.ReportFile(prefix + ".json", "application/json; charset=utf-8", json));
            files.add(new ReportStore.ReportFile(prefix + ".md", "text/markdown; charset=utf-8", markdown));
            files.add(new ReportStore.ReportFile(prefix + ".html", "text/html; charset=utf-8", html));
        }
        List<String> keys = store.write(files);
        String htmlKey = folder + "health.html";
        summary.publish(subject(report), body(report, store.link(htmlKey)));
        return new Result(keys, report.resources().size(), report.breaches(), report.failures().size(), report.monthlyCostUsd(), htmlKey);
    }

    /** The alert topic's subject line: ASCII, one line, under SNS's 100 characters. */
    static String subject(HealthReport report) {
        return String.format(Locale.ROOT, "[Lifeboat] Health report %s: %d of %d resources beyond RPO, %d failed jobs",
                region(report), report.breaches(), report.resources().size(), report.failures().size());
    }

    static String body(HealthReport report, String link) {
        StringBuilder body = new StringBuilder();
        body.append("Lifeboat backup health report, ").append(SafeText.bounded(report.region(), 40)).append(", ")
                .append(report.periodStart()).append(" to ").append(report.periodEnd()).append(".\n\n");
        body.append("Protected resources: ").append(report.resources().size()).append('\n');
        String named = report.resources().stream().filter(r -> r.status() != HealthReport.RpoStatus.COMPLIANT).limit(NAMED_BREACHES)
                .map(r -> SafeText.bounded(r.source(), 120) + " (" + r.status() + ")").collect(Collectors.joining(", "));
        body.append("Beyond RPO or without a copy: ").append(report.breaches()).append(named.isEmpty() ? "" : " - " + named)
                .append(report.breaches() > NAMED_BREACHES ? ", ..." : "").append('\n');
        body.append("Failed jobs in the period: ").append(report.failures().size()).append('\n');
        body.append("Estimated monthly storage cost: ").append(Text.usd(report.monthlyCostUsd())).append(" (EBS at full volume size, an upper bound)\n");
        report.notes().stream().limit(3).forEach(n -> body.append("Note: ").append(SafeText.bounded(n, 200)).append('\n'));
        body.append("\nReport:\n").append(link).append('\n');
        return body.toString();
    }

    private static String region(HealthReport report) {
        return report.region().replaceAll("[^a-z0-9-]", "");
    }
}
