package dev.lifeboat.shared.policy;

/** A policy document or default policy that cannot be used; the message names the field. */
public final class InvalidPolicyException extends RuntimeException {

    public InvalidPolicyException(String field, String problem) {
        super(field.isEmpty() ? problem : "field '" + field + "': " + problem);
    }
}
