package dev.lifeboat.healthreport;

import dev.lifeboat.rpomonitor.RecoveryCopy;
import dev.lifeboat.rpomonitor.ResourceReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The estate as the RPO monitor sees it, with sizes: one resource per report of the monitor's
 * assessment, holding the completed copies the monitor attributed to it, each sized from the
 * storage listing. A completed copy the storage listing did not see (made between the two
 * listings, or its listing failed) is counted at 0 GB in its type's usual class, and the report says how many.
 */
public final class MonitoredEstate implements EstateView {

    private final RpoAssessment assessment;
    private final CopyStorage storage;

    public MonitoredEstate(RpoAssessment assessment, CopyStorage storage) {
        this.assessment = assessment;
        this.storage = storage;
    }

    @Override
    public Estate read(String account, Instant now) {
        RpoAssessment.Assessment assessed = assessment.assess(account, now);
        Map<String, CopyStorage.StoredCopy> sizes = storage.sizes();
        List<String> notes = new ArrayList<>(assessed.notes());

        Map<String, List<CopyRecord>> bySource = new HashMap<>();
        int unsized = 0;
        for (RecoveryCopy copy : assessed.copies()) {
            if (!copy.completed()) {
                continue;
            }
            CopyStorage.StoredCopy stored = sizes.get(copy.copyId());
            if (stored == null) {
                unsized++;
                stored = new CopyStorage.StoredCopy(StorageClass.defaultFor(copy.copyType()), 0);
            }
            bySource.computeIfAbsent(copy.sourceArn(), key -> new ArrayList<>())
                    .add(new CopyRecord(copy.copyId(), copy.copyType(), copy.recoveryPointTime(), stored.storage(), stored.sizeGb()));
        }
        if (unsized > 0) {
            notes.add(unsized + (unsized == 1 ? " copy" : " copies") + " could not be sized (made while the report ran, or their listing"
                    + " failed): counted at 0 GB.");
        }
        List<ResourceCopies> resources = new ArrayList<>();
        for (ResourceReport report : assessed.resources()) {
            resources.add(new ResourceCopies(report, bySource.getOrDefault(report.sourceArn(), List.of())));
        }
        return new Estate(resources, notes);
    }
}
