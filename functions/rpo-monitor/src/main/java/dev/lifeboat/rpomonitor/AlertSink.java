package dev.lifeboat.rpomonitor;

/** Where RPO alerts and recovery messages go for a person to read. */
public interface AlertSink {

    /** Publishes one message; throws when it could not be delivered, so the claim is retried by a later run. */
    void publish(String subject, String message);
}
