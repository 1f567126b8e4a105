package dev.lifeboat.shared.policy;

import java.util.Optional;

/** Where policies are looked up by the name a resource's {@code lifeboat:policy} tag gives. */
public interface PolicyCatalog {

    Optional<Policy> find(String name);
}
