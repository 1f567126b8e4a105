package dev.lifeboat.retention;

import dev.lifeboat.shared.policy.LifeboatTags;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Recovery copies for the planner's tests, as the adapters build them from the copy function's tags. */
final class Copies {

    private Copies() {
    }

    static RecoveryCopy ebs(String id, Instant createdAt) {
        return copy(CopyKind.EBS_SNAPSHOT, id, createdAt, true, Map.of());
    }

    static RecoveryCopy copy(CopyKind kind, String id, Instant createdAt, boolean ready, Map<String, String> extraTags) {
        Map<String, String> tags = new HashMap<>();
        tags.put(LifeboatTags.MANAGED, "true");
        tags.put(LifeboatTags.RESOURCE_TYPE, kind.tagValue());
        tags.put(LifeboatTags.POLICY, "default");
        tags.put(LifeboatTags.SOURCE_RESOURCE, "vol-0source");
        tags.put(LifeboatTags.SOURCE_REGION, "us-east-1");
        tags.put(LifeboatTags.CREATED_AT, createdAt.toString());
        tags.putAll(extraTags);
        return new RecoveryCopy(kind, id, "arn:" + id, Optional.of(createdAt), ready ? "completed" : "pending", ready,
                kind == CopyKind.EBS_SNAPSHOT ? Optional.of("standard") : Optional.empty(), false, tags);
    }

    static RecoveryCopy withStorageTier(RecoveryCopy copy, String tier, boolean temporarilyRestored) {
        return new RecoveryCopy(copy.kind(), copy.id(), copy.arn(), copy.createdAt(), copy.state(), copy.ready(), Optional.of(tier),
                temporarilyRestored, copy.tags());
    }
}
