package dev.lifeboat.healthreport;

import java.time.Instant;
import java.util.List;

/** The finished jobs of a period. */
public interface JobHistory {

    /** Every job that finished in {@code [from, to)}. */
    List<JobRecord> between(Instant from, Instant to);
}
