package dev.lifeboat.healthreport;

import java.util.List;

/** Where rendered reports are kept. */
public interface ReportStore {

    /** A rendered file: its name relative to the report's folder, its media type and content. */
    record ReportFile(String key, String contentType, String content) {
    }

    /** Writes each file; answers the keys written. */
    List<String> write(List<ReportFile> files);

    /** A link a person can follow to {@code key}. */
    String link(String key);
}
