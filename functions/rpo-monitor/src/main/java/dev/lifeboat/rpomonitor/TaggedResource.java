package dev.lifeboat.rpomonitor;

/**
 * A resource in the primary region that opted in with the {@code lifeboat:policy} tag.
 *
 * @param sourceArn    its ARN, the key the monitor reports it under (the same a copy's provenance gives)
 * @param resourceType {@code ebs-volume}, {@code rds-instance} or {@code aurora-cluster}
 * @param region       the primary region
 * @param policy       the tag's value
 */
public record TaggedResource(String sourceArn, String resourceType, String region, String policy) {
}
