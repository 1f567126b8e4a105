package dev.lifeboat.rpomonitor;

/** Where a protected resource stands against its RPO. */
public enum RpoStatus {
    /** Its newest completed recovery-region copy is no older than its policy's RPO. */
    COMPLIANT,
    /** Its newest completed copy is older than the RPO, or its policy is unknown so no RPO can be met. */
    BREACH,
    /** It is protected (tagged, or has copies in progress) but has no completed copy in the recovery region at all. */
    NO_COPY;

    public boolean isProblem() {
        return this != COMPLIANT;
    }
}
