package dev.lifeboat.retention;

import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One copy in the recovery region as retention sees it: what it is, when its source was taken,
 * whether it is ready (EBS {@code completed}, RDS {@code available}) and its provenance tags.
 *
 * @param createdAt        when the source recovery point was taken ({@code lifeboat:created-at}, else the copy's own time);
 *                         empty when neither is known
 * @param state            the service's state or status, as it says it
 * @param storageTier      EBS {@code standard} or {@code archive}; empty for RDS
 * @param temporarilyRestored an archived EBS snapshot restored to the standard tier for a while
 */
public record RecoveryCopy(CopyKind kind, String id, String arn, Optional<Instant> createdAt, String state, boolean ready,
                           Optional<String> storageTier, boolean temporarilyRestored, Map<String, String> tags) {

    public RecoveryCopy {
        tags = Map.copyOf(tags);
    }

    /** True when Lifeboat made this copy: retention touches nothing else. */
    public boolean managed() {
        return LifeboatTags.isLifeboatCopy(tags) && kind.tagValue().equals(tags.get(LifeboatTags.RESOURCE_TYPE));
    }

    /** The policy the copy's tag names; empty when the tag is missing or blank. */
    public Optional<String> policyName() {
        return Optional.ofNullable(tags.get(LifeboatTags.POLICY)).map(String::trim).filter(name -> !name.isEmpty());
    }

    /** Under legal hold: the tag is present with any value but empty or {@code false}. */
    public boolean legalHold() {
        String hold = tags.get(LifeboatTags.LEGAL_HOLD);
        return hold != null && !hold.isBlank() && !hold.trim().equalsIgnoreCase("false");
    }

    /** The source resource (volume, DB instance, cluster) the copy protects, as its tags name it. */
    public Optional<String> sourceResource() {
        return Optional.ofNullable(tags.get(LifeboatTags.SOURCE_RESOURCE)).filter(value -> !value.isBlank());
    }

    /**
     * What groups the copies of one source: kind, source region, account and resource. A copy
     * whose tags name no source resource falls back to its source recovery point, then to itself:
     * a group of one, whose only copy is its newest and so is kept.
     */
    public SourceKey source() {
        String resource = sourceResource()
                .or(() -> Optional.ofNullable(tags.get(LifeboatTags.SOURCE_ARN)).filter(value -> !value.isBlank()))
                .orElse("copy:" + id);
        return new SourceKey(kind, tags.getOrDefault(LifeboatTags.SOURCE_REGION, ""), tags.getOrDefault(LifeboatTags.SOURCE_ACCOUNT, ""),
                resource);
    }

    /** One protected source resource, as its copies' tags name it. */
    public record SourceKey(CopyKind kind, String region, String account, String resource) {

        @Override
        public String toString() {
            // read from the copy's tags: bounded and printable before it reaches a log line
            return kind.tagValue() + " " + SafeText.bounded(resource, 200) + (region.isEmpty() ? ""
                    : " (" + SafeText.bounded(region, 40) + (account.isEmpty() ? "" : ", " + SafeText.bounded(account, 20)) + ")");
        }
    }
}
