package dev.lifeboat.shared.event;

/**
 * An event Lifeboat cannot act on: not JSON, an unsupported type, or a field missing or malformed.
 * The message names the field, so the log line and the dead-letter record say what to fix.
 */
public final class InvalidEventException extends RuntimeException {

    private final String field;

    public InvalidEventException(String field, String problem) {
        super(field.isEmpty() ? problem : "field '" + field + "': " + problem);
        this.field = field;
    }

    /** The JSON path of the offending field, such as {@code detail.snapshot_id}; empty for the whole event. */
    public String field() {
        return field;
    }
}
