package dev.lifeboat.rpomonitor;

/** The primary region did not answer (timeout, connection refused, access denied, a service error). */
public final class PrimaryRegionUnreachableException extends RuntimeException {

    public PrimaryRegionUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
