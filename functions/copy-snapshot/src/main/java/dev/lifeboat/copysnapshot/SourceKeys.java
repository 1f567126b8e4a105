package dev.lifeboat.copysnapshot;

import software.amazon.awssdk.regions.Region;

/** What Lifeboat needs to know about the KMS key a source snapshot is encrypted with. */
interface SourceKeys {

    /**
     * True when {@code keyId} is an AWS managed key ({@code aws/ebs}, {@code aws/rds}): AWS does not
     * let a snapshot encrypted with one be shared with another account. False when it is a
     * customer managed key, or when that cannot be told (AWS then refuses the copy itself).
     */
    boolean awsManaged(Region region, String keyId);
}
