package dev.lifeboat.retention;

/** The schedule's input cannot be used; the message names the field. */
public final class InvalidRetentionRequestException extends IllegalArgumentException {

    private final String field;

    public InvalidRetentionRequestException(String field, String problem) {
        super(field.isEmpty() ? "retention input: " + problem : "retention input field '" + field + "': " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
