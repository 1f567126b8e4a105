package dev.lifeboat.healthreport;

import java.util.Map;

/** Where each recovery-region copy's bytes are billed, and how many, by copy id. */
public interface CopyStorage {

    /** One copy's billed storage. */
    record StoredCopy(StorageClass storage, double sizeGb) {
    }

    /** Every copy listed, by id; a part that cannot be listed is logged and left out (its copies are then unsized). */
    Map<String, StoredCopy> sizes();
}
