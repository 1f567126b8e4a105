package dev.lifeboat.healthreport;

import dev.lifeboat.healthreport.HealthReport.ResourceHealth;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The report as Markdown: what a person reads in a repository, a ticket or the S3 console's preview. */
public final class MarkdownReportRenderer {

    public String render(HealthReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# Lifeboat backup health report\n\n");
        md.append("Region ").append(Text.markdown(report.region())).append(", period ").append(report.periodStart()).append(" to ")
                .append(report.periodEnd()).append(".\n\n");
        md.append("- Protected resources: ").append(report.resources().size()).append('\n');
        md.append("- Beyond RPO or without a copy: ").append(report.breaches()).append('\n');
        md.append("- Failed jobs in the period: ").append(report.failures().size()).append('\n');
        md.append("- Estimated monthly storage cost: ").append(Text.usd(report.monthlyCostUsd())).append("\n\n");

        md.append("## Resources\n\n");
        md.append("| Resource | Type | Policy | Newest copy | Age | RPO | Status | Copies per tier | Storage | Est. cost/month | Failures |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ResourceHealth r : report.resources()) {
            md.append("| ").append(Text.markdown(r.source()))
                    .append(" | ").append(Text.markdown(r.resourceType()))
                    .append(" | ").append(Text.markdown(r.policy()))
                    .append(" | ").append(r.newestCopyAt().map(Object::toString).orElse("none"))
                    .append(" | ").append(r.age().map(Text::hours).orElse("-"))
                    .append(" | ").append(r.rpo().map(Text::hours).orElse("unknown"))
                    .append(" | ").append(r.status())
                    .append(" | ").append(Text.markdown(tiers(r.copiesPerTier(), r.gbPerTier(), r.copies())))
                    .append(" | ").append(Text.markdown(storage(r.gbPerClass())))
                    .append(" | ").append(Text.usd(r.monthlyCostUsd()))
                    .append(" | ").append(r.failuresInPeriod()).append(" |\n");
        }
        md.append("\n## Storage and estimated cost\n\n| Class | Copies | Size | Est. cost/month |\n|---|---|---|---|\n");
        report.storage().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> md.append("| ").append(e.getKey().label())
                .append(" | ").append(e.getValue().copies()).append(" | ").append(Text.gb(e.getValue().gb())).append(" | ")
                .append(Text.usd(e.getValue().monthlyCostUsd())).append(" |\n"));
        md.append("\n").append(HtmlReportRenderer.COST_NOTE).append("\n\n");

        md.append("## Jobs per day\n\n| Day (UTC) | Succeeded | Failed |\n|---|---|---|\n");
        report.jobsByDay().forEach(d -> md.append("| ").append(d.day()).append(" | ").append(d.succeeded()).append(" | ")
                .append(d.failed()).append(" |\n"));

        md.append("\n## Failures in the period\n\n");
        if (report.failures().isEmpty()) {
            md.append("None.\n");
        } else {
            md.append("| Time | Region | Job | Resource | What failed | Reason |\n|---|---|---|---|---|---|\n");
            for (JobRecord f : report.failures()) {
                md.append("| ").append(f.time()).append(" | ").append(Text.markdown(f.region())).append(" | ").append(Text.markdown(f.type()))
                        .append(" | ").append(Text.markdown(f.resource())).append(" | ").append(Text.markdown(f.failure()))
                        .append(" | ").append(Text.markdown(f.reason())).append(" |\n");
            }
        }
        report.drills().ifPresent(drills -> {
            md.append("\n## Restore drills\n\n");
            if (drills.isEmpty()) {
                md.append("No drill recorded yet.\n");
                return;
            }
            md.append("| Resource | Last drill | Finished | Outcome | Restore time (RTO) | Error |\n|---|---|---|---|---|---|\n");
            for (HealthReport.DrillRow d : drills) {
                md.append("| ").append(Text.markdown(d.source())).append(" | ").append(Text.markdown(d.drillId())).append(" | ")
                        .append(d.finishedAt().map(Object::toString).orElse("-")).append(" | ").append(Text.markdown(d.outcome()))
                        .append(" | ").append(d.restoreSeconds().isPresent() ? Text.hours(Duration.ofSeconds(d.restoreSeconds().getAsLong())) : "-")
                        .append(" | ").append(Text.markdown(d.error())).append(" |\n");
            }
        });
        if (!report.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            report.notes().forEach(n -> md.append("- ").append(Text.markdown(n)).append('\n'));
        }
        return md.toString();
    }

    /** "5 copies (daily 3 / 30 GB, weekly 1 / 10 GB, beyond tiers 1 / 10 GB)", tiers in the order given. */
    static String tiers(Map<String, Integer> perTier, Map<String, Double> gbPerTier, int copies) {
        String kept = perTier.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " / " + Text.gb(gbPerTier.getOrDefault(e.getKey(), 0.0)))
                .collect(Collectors.joining(", "));
        return copies + (copies == 1 ? " copy" : " copies") + (kept.isEmpty() ? "" : " (" + kept + ")");
    }

    static String storage(Map<StorageClass, Double> gb) {
        return gb.isEmpty() ? "-" : gb.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().label() + " " + Text.gb(e.getValue())).collect(Collectors.joining(", "));
    }
}
