package dev.lifeboat.restorevalidate;

import dev.lifeboat.shared.restore.RestoreRequest.Endpoint;
import dev.lifeboat.shared.restore.RestoreRequest.HttpProbe;
import dev.lifeboat.shared.restore.RestoreRequest.SqlProbe;
import java.util.Optional;

/** The checks a person can ask for after a restore; each answers a short finding or throws {@link ProbeFailedException}. */
public interface Probes {

    /** Connects to the endpoint (the restored resource's, or the request's override). */
    String tcp(Optional<Endpoint> endpoint);

    String http(HttpProbe probe);

    /** Runs the query on the endpoint's database; without an endpoint, on the host the secret names. */
    String sql(Optional<Endpoint> endpoint, SqlProbe probe);

    /** A probe that ran and found the resource wanting; the message says what was expected and what was found. */
    final class ProbeFailedException extends RuntimeException {
        public ProbeFailedException(String message) {
            super(message);
        }

        public ProbeFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
