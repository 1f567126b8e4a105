package dev.lifeboat.retention;

import java.util.Map;
import java.util.Optional;

/**
 * Copies that must not be deleted (nor archived) because a restore uses them: by copy id (a
 * running restore names it, or a resource being restored from it is tagged with it), and by
 * source (a running restore asks for the {@code latest} copy of it: which one it picked is not
 * known here, so every copy of that source is held while it runs).
 *
 * @param copies  copy id → why it is in use
 * @param sources {@code <resource-type tag value>/<source resource>} → why its copies are held
 */
public record Protections(Map<String, String> copies, Map<String, String> sources) {

    public static final Protections NONE = new Protections(Map.of(), Map.of());

    public Protections {
        copies = Map.copyOf(copies);
        sources = Map.copyOf(sources);
    }

    public static String sourceKey(CopyKind kind, String sourceResource) {
        return kind.tagValue() + "/" + sourceResource;
    }

    /** Why {@code copy} is in use by a restore, if it is. */
    public Optional<String> inUse(RecoveryCopy copy) {
        return Optional.ofNullable(copies.get(copy.id()))
                .or(() -> copy.sourceResource().map(resource -> sources.get(sourceKey(copy.kind(), resource))));
    }
}
