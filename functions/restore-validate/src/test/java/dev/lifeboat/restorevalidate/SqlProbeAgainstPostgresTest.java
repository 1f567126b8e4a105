package dev.lifeboat.restorevalidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.shared.restore.RestoreRequest.Endpoint;
import dev.lifeboat.shared.restore.RestoreRequest.SqlProbe;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The SQL probe against a real PostgreSQL server started by the test, with its credentials in
 * Secrets Manager (moto) in RDS's secret format, read the way the function reads them.
 */
@ExtendWith(MotoExtension.class)
class SqlProbeAgainstPostgresTest {

    private static PostgresServer postgres;
    private NetworkProbes probes;
    private Endpoint endpoint;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
        postgres.execute("create table orders (id int primary key, status text)",
                "insert into orders values (1, 'paid'), (2, 'shipped')");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void setUp(Emulator emulator) {
        SecretsManagerClient secrets = emulator.client(SecretsManagerClient.builder(), Emulator.RECOVERY);
        secrets.createSecret(r -> r.name("lifeboat/orders-db").secretString("""
                {"engine": "postgres", "username": "%s", "password": "%s", "dbname": "postgres", "port": 5432, "host": "orders-db.example"}
                """.formatted(PostgresServer.USER, postgres.password)));
        secrets.createSecret(r -> r.name("lifeboat/wrong").secretString("""
                {"engine": "postgres", "username": "%s", "password": "not-the-password", "dbname": "postgres"}
                """.formatted(PostgresServer.USER)));
        probes = new NetworkProbes(id -> secrets.getSecretValue(r -> r.secretId(id)).secretString());
        endpoint = new Endpoint("127.0.0.1", postgres.port);
    }

    @Test
    void sqlProbePassesWhenTheQueryReturnsTheExpectedFirstValue() {
        String finding = probes.sql(Optional.of(endpoint), new SqlProbe("lifeboat/orders-db", Optional.empty(),
                "select count(*) from orders", 1, Optional.of("2")));

        assertThat(finding).contains("returned 1 row(s)", "first value '2'", "127.0.0.1:" + postgres.port + "/postgres");
    }

    @Test
    void sqlProbeFailsSayingWhatItExpectedAndWhatItFound() {
        assertThatThrownBy(() -> probes.sql(Optional.of(endpoint), new SqlProbe("lifeboat/orders-db", Optional.empty(),
                "select status from orders where id = 1", 1, Optional.of("refunded"))))
                .isInstanceOf(Probes.ProbeFailedException.class)
                .hasMessageContaining("returned 'paid', expected 'refunded'");
    }

    @Test
    void sqlProbeFailsWhenTooFewRowsComeBack() {
        assertThatThrownBy(() -> probes.sql(Optional.of(endpoint), new SqlProbe("lifeboat/orders-db", Optional.empty(),
                "select * from orders where status = 'lost'", 1, Optional.empty())))
                .isInstanceOf(Probes.ProbeFailedException.class)
                .hasMessageContaining("returned 0 rows, expected at least 1");
    }

    @Test
    void wrongCredentialsFailTheProbeWithoutRevealingThePassword() {
        assertThatThrownBy(() -> probes.sql(Optional.of(endpoint), new SqlProbe("lifeboat/wrong", Optional.empty(),
                "select 1", 1, Optional.empty())))
                .isInstanceOf(Probes.ProbeFailedException.class)
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("not-the-password");
    }
}
