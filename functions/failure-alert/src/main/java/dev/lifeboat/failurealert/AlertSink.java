package dev.lifeboat.failurealert;

/** Where alerts go: the stack's alert topic. */
public interface AlertSink {

    void publish(AlertMessage message);
}
