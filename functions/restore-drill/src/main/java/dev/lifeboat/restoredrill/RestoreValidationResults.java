package dev.lifeboat.restoredrill;

/** Where the validation of an AWS Backup restore test is reported: AWS Backup's {@code PutRestoreValidationResult}. */
public interface RestoreValidationResults {

    /** {@code status} is {@code SUCCESSFUL} or {@code FAILED}; the message says why. */
    void put(String restoreJobId, String status, String message);
}
