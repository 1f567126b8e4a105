package dev.lifeboat.healthreport;

/** Where the report's short summary goes: the alert topic. */
public interface SummarySink {

    void publish(String subject, String body);
}
