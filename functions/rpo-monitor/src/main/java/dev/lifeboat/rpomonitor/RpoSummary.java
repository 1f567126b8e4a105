package dev.lifeboat.rpomonitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handler's result, for people and for other tools (the health report, the local drill):
 * <pre>{@code
 * {"checkedAt": "2026-01-01T12:00:00Z", "recoveryRegion": "us-west-2",
 *  "primaryRegion": "us-east-1", "primaryRegionReachable": true,
 *  "recoveryVault": "lifeboat-recovery", "recoveryVaultReadable": true,
 *  "counts": {"protected": 3, "compliant": 1, "breached": 2, "withoutCopy": 1},
 *  "alerts": {"raised": 1, "folded": 1, "cleared": 0, "failed": 0},
 *  "resources": [{"sourceArn": "arn:aws:ec2:us-east-1:123456789012:volume/vol-1", "type": "ebs-volume",
 *                 "sourceRegion": "us-east-1", "policy": "gold", "policySource": "primary-tag", "rpoHours": 4.0,
 *                 "newestCopyId": "snap-1", "newestCopyType": "ebs-snapshot", "newestCopyTime": "2026-01-01T06:00:00Z",
 *                 "ageHours": 6.0, "status": "BREACH", "problem": "newest copy is 6 hours old, 2 hours over the RPO of 4 hours",
 *                 "completedCopies": 2, "copiesInProgress": 0, "seenInPrimaryRegion": true}]}
 * }</pre>
 * A value that does not apply is {@code null}: {@code rpoHours} for an unknown policy; the
 * {@code newestCopy*} fields and {@code ageHours} for {@code NO_COPY}; {@code problem} when compliant;
 * {@code primaryRegion} and {@code recoveryVault} when none is configured.
 */
public final class RpoSummary {

    private RpoSummary() {
    }

    public static Map<String, Object> of(RpoRun run) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("checkedAt", run.checkedAt().toString());
        summary.put("recoveryRegion", run.recoveryRegion());
        summary.put("primaryRegion", run.primaryRegion().orElse(null));
        summary.put("primaryRegionReachable", run.primaryRegionReachable());
        summary.put("recoveryVault", run.recoveryVault().orElse(null));
        summary.put("recoveryVaultReadable", run.recoveryVaultReadable());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("protected", run.resources().size());
        counts.put("compliant", run.compliant());
        counts.put("breached", run.breached());
        counts.put("withoutCopy", run.withoutCopy());
        summary.put("counts", counts);
        Map<String, Object> alerts = new LinkedHashMap<>();
        alerts.put("raised", run.alerts().raised());
        alerts.put("folded", run.alerts().folded());
        alerts.put("cleared", run.alerts().cleared());
        alerts.put("failed", run.alerts().failed());
        summary.put("alerts", alerts);
        List<Map<String, Object>> resources = new ArrayList<>();
        for (ResourceReport report : run.resources()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sourceArn", report.sourceArn());
            line.put("type", report.resourceType());
            line.put("sourceRegion", report.sourceRegion());
            line.put("policy", report.policy());
            line.put("policySource", report.policySource());
            line.put("rpoHours", report.rpoHours().orElse(null));
            line.put("newestCopyId", report.newestCopyId().orElse(null));
            line.put("newestCopyType", report.newestCopyType().orElse(null));
            line.put("newestCopyTime", report.newestCopyTime().map(Object::toString).orElse(null));
            line.put("ageHours", report.ageHours().orElse(null));
            line.put("status", report.status().name());
            line.put("problem", report.problem().orElse(null));
            line.put("completedCopies", report.completedCopies());
            line.put("copiesInProgress", report.copiesInProgress());
            line.put("seenInPrimaryRegion", report.seenInPrimaryRegion());
            resources.add(line);
        }
        summary.put("resources", resources);
        return summary;
    }
}
