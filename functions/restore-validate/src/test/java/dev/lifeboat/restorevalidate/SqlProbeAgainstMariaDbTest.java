package dev.lifeboat.restorevalidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.restore.RestoreRequest.Endpoint;
import dev.lifeboat.shared.restore.RestoreRequest.SqlProbe;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The SQL probe for MySQL-compatible databases (RDS MySQL and MariaDB, Aurora MySQL) through
 * MariaDB's JDBC driver, against a real MariaDB server started by the test, with its credentials
 * in Secrets Manager (moto) in RDS's secret format, read the way the function reads them.
 */
@ExtendWith(MotoExtension.class)
class SqlProbeAgainstMariaDbTest {

    private static final String WRONG_PASSWORD = "not-the-password-7f3a";

    private static MariaDbServer mariadb;
    private NetworkProbes probes;
    private Endpoint endpoint;

    @BeforeAll
    static void startMariaDb() throws Exception {
        mariadb = MariaDbServer.start();
        mariadb.execute("CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(20))",
                "INSERT INTO orders VALUES (1, 'paid'), (2, 'shipped')");
    }

    @AfterAll
    static void stopMariaDb() throws Exception {
        if (mariadb != null) {
            mariadb.close();
        }
    }

    @BeforeEach
    void setUp(Emulator emulator) {
        SecretsManagerClient secrets = emulator.client(SecretsManagerClient.builder(), Emulator.RECOVERY);
        secrets.createSecret(r -> r.name("lifeboat/shop-db").secretString("""
                {"engine": "mysql", "username": "%s", "password": "%s", "dbname": "%s", "port": 3306, "host": "shop-db.example"}
                """.formatted(MariaDbServer.USER, mariadb.password, MariaDbServer.DATABASE)));
        secrets.createSecret(r -> r.name("lifeboat/shop-cluster").secretString("""
                {"engine": "aurora-mysql", "username": "%s", "password": "%s", "dbname": "%s", "port": %d, "host": "127.0.0.1"}
                """.formatted(MariaDbServer.USER, mariadb.password, MariaDbServer.DATABASE, mariadb.port)));
        secrets.createSecret(r -> r.name("lifeboat/wrong").secretString("""
                {"engine": "mysql", "username": "%s", "password": "%s", "dbname": "%s"}
                """.formatted(MariaDbServer.USER, WRONG_PASSWORD, MariaDbServer.DATABASE)));
        probes = new NetworkProbes(id -> secrets.getSecretValue(r -> r.secretId(id)).secretString());
        endpoint = new Endpoint("127.0.0.1", mariadb.port);
    }

    @Test
    void sqlProbePassesWhenTheQueryReturnsTheExpectedFirstValue() {
        String finding = probes.sql(Optional.of(endpoint), new SqlProbe("lifeboat/shop-db", Optional.empty(),
                "SELECT COUNT(*) FROM orders", 1, Optional.of("2")));

        assertThat(finding).contains("returned 1 row(s)", "first value '2'", "127.0.0.1:" + mariadb.port + "/" + MariaDbServer.DATABASE);
    }

    @Test
    void sqlProbeFindsAClusterFromItsSecretsHostAndPortWhenTheRestoreGaveNoEndpoint() {
        String finding = probes.sql(Optional.empty(), new SqlProbe("lifeboat/shop-cluster", Optional.empty(),
                "SELECT status FROM orders WHERE id = 2", 1, Optional.of("shipped")));

        assertThat(finding).contains("127.0.0.1:" + mariadb.port + "/" + MariaDbServer.DATABASE, "first value 'shipped'");
    }

    @Test
    void sqlProbeFailsSayingWhatItExpectedAndWhatItFound() {
        assertThatThrownBy(() -> probes.sql(Optional.of(endpoint), new SqlProbe("lifeboat/shop-db", Optional.empty(),
                "SELECT status FROM orders WHERE id = 1", 1, Optional.of("refunded"))))
                .isInstanceOf(Probes.ProbeFailedException.class)
                .hasMessageContaining("returned 'paid', expected 'refunded'");
    }

    @Test
    void sqlProbeFailsWhenTooFewRowsComeBack() {
        assertThatThrownBy(() -> probes.sql(Optional.of(endpoint), new SqlProbe("lifeboat/shop-db", Optional.empty(),
                "SELECT * FROM orders WHERE status = 'lost'", 1, Optional.empty())))
                .isInstanceOf(Probes.ProbeFailedException.class)
                .hasMessageContaining("returned 0 rows, expected at least 1");
    }

    @Test
    void wrongCredentialsFailTheProbeWithoutRevealingThePassword() {
        assertThatThrownBy(() -> probes.sql(Optional.of(endpoint), new SqlProbe("lifeboat/wrong", Optional.empty(),
                "SELECT 1", 1, Optional.empty())))
                .isInstanceOf(Probes.ProbeFailedException.class)
                .hasMessageContaining("Access denied for user '" + MariaDbServer.USER + "'")
                .hasMessageNotContaining(WRONG_PASSWORD);
    }

    @Test
    void validationLogsEachSqlCheckButNeitherTheRightNorAWrongPassword() {
        // GIVEN the validation function over the real probes, for a restored MySQL instance at the server's endpoint
        RestoredResources restored = (plan, id) -> Optional.of(new RestoredResource(id, "arn:aws:rds:us-west-2:123456789012:db:" + id,
                "available", true, List.of(), Optional.of(endpoint)));
        RestoreValidateHandler handler = new RestoreValidateHandler(new RestoreValidator(restored, probes, Clock.systemUTC()), "Lifeboat");

        // WHEN it validates once with the right credentials and once with wrong ones
        CapturedStdout.Result<Map<String, Object>> passed = CapturedStdout.capture(() ->
                handler.handleRequest(input("lifeboat/shop-db"), LambdaTestContext.forFunction("lifeboat-restore-validate")));
        CapturedStdout.Result<Map<String, Object>> failed = CapturedStdout.capture(() ->
                handler.handleRequest(input("lifeboat/wrong"), LambdaTestContext.forFunction("lifeboat-restore-validate")));

        // THEN the logs tell what each check found, and no password appears in them or in the answers
        assertThat(passed.value()).containsEntry("passed", true);
        assertThat(failed.value()).containsEntry("passed", false);
        assertThat(passed.output()).contains("validated", "first value '2'");
        assertThat(failed.output()).contains("failed validation", "Access denied for user");
        for (String text : List.of(passed.output(), failed.output(), passed.value().toString(), failed.value().toString())) {
            assertThat(text).doesNotContain(mariadb.password).doesNotContain(WRONG_PASSWORD);
        }
    }

    private static Map<String, Object> input(String secretId) {
        String json = """
                {"request": {"resourceType": "rds-instance", "sourceResource": "shop-db",
                             "target": {"identifier": "shop-db-restored", "instanceClass": "db.t4g.medium", "subnetGroup": "recovery-db-subnets"},
                             "validation": {"sql": {"secretId": "%s", "query": "SELECT COUNT(*) FROM orders", "expectFirstValue": "2"}}},
                 "plan": {"resourceType": "rds-instance", "sourceResource": "shop-db", "execution": "shop-db-drill",
                          "recoveryPoint": {"id": "lifeboat-us-east-1-shop-db-1", "arn": "arn:aws:rds:us-west-2:123456789012:snapshot:lifeboat-us-east-1-shop-db-1"}},
                 "restoredId": "shop-db-restored",
                 "startedAt": "%s"}""".formatted(secretId, Instant.now().minusSeconds(600));
        try {
            return Json.MAPPER.readValue(json, new TypeReference<>() { });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
