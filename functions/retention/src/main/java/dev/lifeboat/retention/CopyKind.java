package dev.lifeboat.retention;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of recovery-region copy retention manages, by the {@code lifeboat:resource-type} tag
 * the copy function writes on them. AWS Backup recovery points are not here: their lifecycle is
 * set when they are copied.
 */
public enum CopyKind {

    EBS_SNAPSHOT("ebs-snapshot"),
    RDS_SNAPSHOT("rds-snapshot"),
    AURORA_CLUSTER_SNAPSHOT("aurora-cluster-snapshot");

    private final String tagValue;

    CopyKind(String tagValue) {
        this.tagValue = tagValue;
    }

    /** The value of {@code lifeboat:resource-type} on such a copy, also the metrics' {@code ResourceType} dimension. */
    public String tagValue() {
        return tagValue;
    }

    public static Optional<CopyKind> fromTagValue(String value) {
        return Arrays.stream(values()).filter(kind -> kind.tagValue.equals(value)).findFirst();
    }
}
