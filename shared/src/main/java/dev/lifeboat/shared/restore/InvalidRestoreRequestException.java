package dev.lifeboat.shared.restore;

/**
 * A restore request that cannot be carried out as written. The message names the field, so the
 * workflow's failure and the operator's console both say what to fix.
 */
public final class InvalidRestoreRequestException extends RuntimeException {

    private final String field;

    public InvalidRestoreRequestException(String field, String problem) {
        super(field.isEmpty() ? problem : "field '" + field + "': " + problem);
        this.field = field;
    }

    /** The JSON path of the offending field, such as {@code target.instanceClass}; empty for the whole request. */
    public String field() {
        return field;
    }
}
