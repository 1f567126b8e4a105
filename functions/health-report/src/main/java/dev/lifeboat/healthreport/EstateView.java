package dev.lifeboat.healthreport;

import java.time.Instant;
import java.util.List;

/** The protected resources and their copies in the recovery region, as the report sees them. */
public interface EstateView {

    /** What was found, and notes about any part of the estate that could not be read. */
    record Estate(List<ResourceCopies> resources, List<String> notes) {

        public Estate {
            resources = List.copyOf(resources);
            notes = List.copyOf(notes);
        }
    }

    /** The estate at {@code now}; {@code account} is this function's account, for copies that name none. */
    Estate read(String account, Instant now);
}
