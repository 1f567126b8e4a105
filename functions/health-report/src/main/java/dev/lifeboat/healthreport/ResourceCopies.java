package dev.lifeboat.healthreport;

import java.util.List;

/**
 * A protected source resource and its copies in the recovery region.
 *
 * @param source       the source resource (ARN or id), as the copies' {@code lifeboat:source-arn} tag names it
 * @param resourceType the {@code lifeboat:resource-type} of its copies
 * @param policy       the policy its copies name ({@code default} when none)
 * @param copies       its copies; empty for a protected resource with no copy at all
 */
public record ResourceCopies(String source, String resourceType, String policy, List<CopyRecord> copies) {

    public ResourceCopies {
        copies = List.copyOf(copies);
    }
}
