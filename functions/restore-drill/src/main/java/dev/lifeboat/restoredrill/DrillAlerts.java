package dev.lifeboat.restoredrill;

/** Where a failed drill is reported to people: the recovery stack's alert topic. */
public interface DrillAlerts {

    void send(String subject, String message);
}
