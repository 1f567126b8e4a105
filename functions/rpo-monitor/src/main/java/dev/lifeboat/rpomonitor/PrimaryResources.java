package dev.lifeboat.rpomonitor;

import java.util.List;

/** The primary region's resources that carry a {@code lifeboat:policy} tag. */
public interface PrimaryResources {

    /** The region listed. */
    String region();

    /**
     * The tagged resources of {@code account} (volume ARNs need it: EC2 does not name a volume's owner);
     * throws {@link PrimaryRegionUnreachableException} when the region does not answer.
     */
    List<TaggedResource> taggedResources(String account);
}
