package dev.lifeboat.restoredrill;

/**
 * A drill to start: the execution name (its id), the policy it runs under, the copy it restores
 * and the restore workflow input that restores that copy into the policy's isolated target.
 */
public record PlannedDrill(String drillId, String policy, RecoveryCopy copy, String request) {
}
