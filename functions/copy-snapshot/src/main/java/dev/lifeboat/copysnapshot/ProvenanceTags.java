package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.policy.LifeboatTags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tags a copy carries: the source's own tags, then Lifeboat's provenance tags, which win.
 * {@code aws:} tags are reserved and dropped; past AWS's 50-tag limit the source's tags are
 * dropped, in key order, and the drop is logged.
 */
final class ProvenanceTags {

    private static final Logger LOG = LoggerFactory.getLogger(ProvenanceTags.class);

    private ProvenanceTags() {
    }

    static Map<String, String> merge(Map<String, String> sourceTags, Map<String, String> provenance, String what) {
        Map<String, String> tags = new LinkedHashMap<>();
        new TreeMap<>(sourceTags).forEach((key, value) -> {
            if (!key.startsWith("aws:") && !provenance.containsKey(key) && tags.size() + provenance.size() < LifeboatTags.MAX_TAGS) {
                tags.put(key, value);
            }
        });
        long dropped = sourceTags.keySet().stream()
                .filter(key -> !key.startsWith("aws:") && !provenance.containsKey(key) && !tags.containsKey(key)).count();
        if (dropped > 0) {
            LOG.warn("{} of {}'s tags were not copied: a copy holds at most {} tags", dropped, what, LifeboatTags.MAX_TAGS);
        }
        tags.putAll(provenance);
        return tags;
    }
}
