package dev.lifeboat.restoredrill;

import java.util.List;

/** The Lifeboat copies in the recovery region that drills choose from. */
public interface RecoveryCopies {

    /** Every EBS, RDS and Aurora copy Lifeboat made into this region. */
    List<RecoveryCopy> all();
}
