package dev.lifeboat.rpomonitor;

import java.util.List;

/** Where the recovery region's copies of protected resources are listed from. */
public interface RecoveryRegionCopies {

    /** Every copy this source knows, completed or not; {@code account} stands in for a source account a copy does not name. */
    List<RecoveryCopy> copies(String account);
}
