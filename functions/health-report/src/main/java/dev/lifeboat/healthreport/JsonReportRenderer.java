package dev.lifeboat.healthreport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.healthreport.HealthReport.ResourceHealth;
import dev.lifeboat.shared.json.Json;

/** The report as JSON: every number unrounded, every time ISO-8601 UTC, for programs and for diffing weeks. */
public final class JsonReportRenderer {

    public String render(HealthReport report) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("generatedAt", report.generatedAt().toString());
        root.put("periodStart", report.periodStart().toString());
        root.put("periodEnd", report.periodEnd().toString());
        root.put("region", report.region());
        ObjectNode summary = root.putObject("summary");
        summary.put("resources", report.resources().size());
        summary.put("breaches", report.breaches());
        summary.put("failures", report.failures().size());
        summary.put("estimatedMonthlyCostUsd", report.monthlyCostUsd());
        ArrayNode resources = root.putArray("resources");
        for (ResourceHealth r : report.resources()) {
            ObjectNode node = resources.addObject();
            node.put("source", Text.clean(r.source()));
            node.put("resourceType", Text.clean(r.resourceType()));
            node.put("policy", Text.clean(r.policy()));
            if (r.rpo().isPresent()) {
                node.put("rpoHours", r.rpo().get().toMillis() / 3_600_000.0);
            } else {
                node.putNull("rpoHours");
            }
            r.newestCopyAt().ifPresentOrElse(t -> node.put("newestCopyAt", t.toString()), () -> node.putNull("newestCopyAt"));
            r.age().ifPresentOrElse(a -> node.put("ageHours", a.toMillis() / 3_600_000.0), () -> node.putNull("ageHours"));
            node.put("status", r.status().name());
            r.problem().ifPresentOrElse(p -> node.put("problem", Text.clean(p)), () -> node.putNull("problem"));
            node.put("copies", r.copies());
            ObjectNode tiers = node.putObject("copiesPerTier");
            r.copiesPerTier().forEach(tiers::put);
            ObjectNode tierGb = node.putObject("gbPerTier");
            r.gbPerTier().forEach(tierGb::put);
            ObjectNode storage = node.putObject("storageGb");
            r.gbPerClass().forEach((k, v) -> storage.put(k.name(), v));
            node.put("estimatedMonthlyCostUsd", r.monthlyCostUsd());
            node.put("failuresInPeriod", r.failuresInPeriod());
        }
        ObjectNode storage = root.putObject("storage");
        report.storage().forEach((k, v) -> storage.putObject(k.name()).put("copies", v.copies()).put("gb", v.gb())
                .put("estimatedMonthlyCostUsd", v.monthlyCostUsd()));
        ArrayNode days = root.putArray("jobsByDay");
        report.jobsByDay().forEach(d -> days.addObject().put("day", d.day().toString()).put("succeeded", d.succeeded()).put("failed", d.failed()));
        ArrayNode failures = root.putArray("failures");
        for (JobRecord f : report.failures()) {
            failures.addObject().put("time", f.time().toString()).put("region", Text.clean(f.region())).put("type", Text.clean(f.type()))
                    .put("resourceType", Text.clean(f.resourceType())).put("resource", Text.clean(f.resource()))
                    .put("failure", Text.clean(f.failure())).put("reason", Text.clean(f.reason()));
        }
        report.drills().ifPresent(drills -> {
            ArrayNode list = root.putArray("drills");
            for (HealthReport.DrillRow d : drills) {
                ObjectNode node = list.addObject().put("source", Text.clean(d.source())).put("drillId", Text.clean(d.drillId()))
                        .put("outcome", Text.clean(d.outcome())).put("error", Text.clean(d.error()));
                d.finishedAt().ifPresentOrElse(t -> node.put("finishedAt", t.toString()), () -> node.putNull("finishedAt"));
                if (d.restoreSeconds().isPresent()) {
                    node.put("restoreSeconds", d.restoreSeconds().getAsLong());
                } else {
                    node.putNull("restoreSeconds");
                }
            }
        });
        ArrayNode notes = root.putArray("notes");
        report.notes().forEach(n -> notes.add(Text.clean(n)));
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
