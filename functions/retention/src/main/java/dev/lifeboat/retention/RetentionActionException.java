package dev.lifeboat.retention;

/** An AWS call of retention failed; {@code code} is AWS's error code when there is one. */
public final class RetentionActionException extends RuntimeException {

    private final String code;

    public RetentionActionException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
