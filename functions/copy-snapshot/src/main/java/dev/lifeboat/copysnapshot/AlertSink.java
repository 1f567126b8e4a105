package dev.lifeboat.copysnapshot;

/** Where a failed copy is reported for a person to act on. */
public interface AlertSink {

    /** Reports a failure: a short subject, and a message saying what failed, where, why and what to do. */
    void alert(String subject, String message);
}
