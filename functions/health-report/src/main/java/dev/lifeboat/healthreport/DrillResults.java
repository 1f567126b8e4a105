package dev.lifeboat.healthreport;

import java.util.List;

/** The restore drills recorded so far. */
public interface DrillResults {

    List<DrillRecord> all();
}
