package dev.lifeboat.healthreport;

import java.time.Instant;

/**
 * One recovery-region copy as the report counts it.
 *
 * @param copyId    the snapshot id or recovery point ARN
 * @param createdAt when its source recovery point was taken
 * @param storage   where its bytes are billed
 * @param sizeGb    its billed size in GB, as far as the service says (an EBS snapshot's volume size is an upper bound)
 */
public record CopyRecord(String copyId, Instant createdAt, StorageClass storage, double sizeGb) {
}
