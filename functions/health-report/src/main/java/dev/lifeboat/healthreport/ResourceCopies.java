package dev.lifeboat.healthreport;

import dev.lifeboat.rpomonitor.ResourceReport;
import java.util.List;

/**
 * A protected resource as the RPO monitor assesses it, and its completed copies in the recovery region.
 *
 * @param assessment the monitor's report on it: the resource key ({@code sourceArn}: the protected volume, DB
 *                   instance or cluster, or what AWS Backup names), type, policy, RPO, newest copy and status
 * @param copies     its completed copies, sized; empty for a protected resource with no completed copy
 */
public record ResourceCopies(ResourceReport assessment, List<CopyRecord> copies) {

    public ResourceCopies {
        copies = List.copyOf(copies);
    }

    public String source() {
        return assessment.sourceArn();
    }
}
