package dev.lifeboat.restorevalidate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.restore.RestoreRequest.Endpoint;
import dev.lifeboat.shared.restore.RestoreRequest.HttpProbe;
import dev.lifeboat.shared.restore.RestoreRequest.SqlProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The probes over the network, from the validation function (in the VPC the template gives it).
 * SQL credentials come from Secrets Manager, in the JSON form RDS uses for its secrets, and go
 * nowhere else: not into logs, not into the answer.
 */
public final class NetworkProbes implements Probes {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);

    private final Function<String, String> secrets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** {@code secrets} answers a secret's string value by name or ARN. */
    public NetworkProbes(Function<String, String> secrets) {
        this.secrets = secrets;
    }

    @Override
    public String tcp(Optional<Endpoint> endpoint) {
        Endpoint target = required(endpoint, "connect to");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.address(), target.port()), (int) CONNECT_TIMEOUT.toMillis());
            return "connected to " + target.address() + ":" + target.port();
        } catch (IOException e) {
            throw new ProbeFailedException("cannot connect to " + target.address() + ":" + target.port() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String http(HttpProbe probe) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(probe.url())).timeout(QUERY_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != probe.expectStatus()) {
                throw new ProbeFailedException("GET " + probe.url() + " answered " + response.statusCode() + ", expected " + probe.expectStatus());
            }
            return "GET " + probe.url() + " answered " + response.statusCode();
        } catch (IOException e) {
            throw new ProbeFailedException("GET " + probe.url() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeFailedException("GET " + probe.url() + " was interrupted", e);
        }
    }

    @Override
    public String sql(Optional<Endpoint> endpoint, SqlProbe probe) {
        JsonNode secret = secret(probe.secretId());
        String engine = secret.path("engine").asText("postgres").toLowerCase(Locale.ROOT);
        boolean postgres = engine.contains("postgres");
        Endpoint target = endpoint.orElseGet(() -> new Endpoint(secret.path("host").asText(""),
                secret.path("port").asInt(postgres ? 5432 : 3306)));
        if (target.address().isBlank()) {
            throw new ProbeFailedException("no database endpoint: the restored resource has none and secret " + probe.secretId() + " names no host");
        }
        String database = probe.database().orElse(secret.path("dbname").asText(postgres ? "postgres" : ""));
        String url = (postgres ? "jdbc:postgresql://" : "jdbc:mariadb://") + target.address() + ":" + target.port() + "/" + database;
        Properties properties = new Properties();
        properties.setProperty("user", secret.path("username").asText(""));
        properties.setProperty("password", secret.path("password").asText(""));
        if (postgres) {
            properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
            properties.setProperty("socketTimeout", Long.toString(QUERY_TIMEOUT.toSeconds()));
        } else {
            properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toMillis()));
            properties.setProperty("socketTimeout", Long.toString(QUERY_TIMEOUT.toMillis()));
        }
        Driver driver = postgres ? new org.postgresql.Driver() : new org.mariadb.jdbc.Driver();
        try (Connection connection = driver.connect(url, properties); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) QUERY_TIMEOUT.toSeconds());
            statement.setMaxRows(Math.max(probe.minRows(), 1));
            int rows = 0;
            String firstValue = null;
            try (ResultSet result = statement.executeQuery(probe.query())) {
                while (result.next()) {
                    if (rows == 0) {
                        firstValue = result.getString(1);
                    }
                    rows++;
                }
            }
            String where = "on " + target.address() + ":" + target.port() + "/" + database;
            if (rows < probe.minRows()) {
                throw new ProbeFailedException("the query " + where + " returned " + rows + " rows, expected at least " + probe.minRows());
            }
            if (probe.expectFirstValue().isPresent() && !probe.expectFirstValue().get().equals(firstValue)) {
                throw new ProbeFailedException("the query " + where + " returned '" + SafeText.bounded(firstValue, 100) + "', expected '"
                        + SafeText.bounded(probe.expectFirstValue().get(), 100) + "'");
            }
            return "the query " + where + " returned " + rows + " row(s)"
                    + (firstValue == null ? "" : ", first value '" + SafeText.bounded(firstValue, 100) + "'");
        } catch (SQLException e) {
            throw new ProbeFailedException("SQL on " + target.address() + ":" + target.port() + "/" + database + " failed: "
                    + SafeText.bounded(e.getMessage(), 300) + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private JsonNode secret(String secretId) {
        String value;
        try {
            value = secrets.apply(secretId);
        } catch (RuntimeException e) {
            throw new ProbeFailedException("cannot read secret " + secretId + ": " + SafeText.bounded(e.getMessage(), 200), e);
        }
        try {
            JsonNode json = Json.MAPPER.readTree(value);
            if (!json.isObject() || !json.hasNonNull("username") || !json.hasNonNull("password")) {
                throw new ProbeFailedException("secret " + secretId + " must be JSON with username and password (RDS's secret format)");
            }
            return json;
        } catch (IOException e) {
            // the parser's message may quote the secret: say only what is wrong
            throw new ProbeFailedException("secret " + secretId + " is not JSON (RDS's secret format: username, password, engine, dbname)");
        }
    }

    private static Endpoint required(Optional<Endpoint> endpoint, String what) {
        return endpoint.orElseThrow(() -> new ProbeFailedException(
                "no endpoint to " + what + ": the restored resource has none; give validation.endpoint"));
    }
}
