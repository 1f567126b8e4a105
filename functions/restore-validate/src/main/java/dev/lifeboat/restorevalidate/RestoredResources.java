package dev.lifeboat.restorevalidate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Describes what a restore created, in the recovery region. */
public interface RestoredResources {

    /**
     * The resource the workflow's {@code plan} restored as {@code restoredId} (the restore call's
     * answer: volume id, DB identifier, restore job id); empty when it does not exist.
     */
    Optional<RestoredResource> describe(JsonNode plan, String restoredId);
}
