package dev.lifeboat.shared.policy;

import java.util.Map;
import java.util.Optional;

/** Where policies are looked up by the name a resource's {@code lifeboat:policy} tag gives. */
public interface PolicyCatalog {

    Optional<Policy> find(String name);

    /** Every policy the catalog defines, the default included, by name. */
    default Map<String, Policy> policies() {
        return find(PolicyDocument.DEFAULT_POLICY_NAME).map(p -> Map.of(p.name(), p)).orElse(Map.of());
    }

    /** The storage prices the health report estimates cost with. */
    default StoragePrices prices() {
        return StoragePrices.DEFAULT;
    }
}
