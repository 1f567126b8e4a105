package dev.lifeboat.restorevalidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lifeboat.local.emulator.MotoServer;
import dev.lifeboat.shared.restore.RestoreRequest.Endpoint;
import dev.lifeboat.shared.restore.RestoreRequest.HttpProbe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TCP and HTTP probes against a real HTTP server on loopback. */
class NetworkProbesTest {

    private final NetworkProbes probes = new NetworkProbes(id -> {
        throw new AssertionError("no secret is needed for TCP and HTTP probes");
    });
    private HttpServer server;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/starting", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void httpProbePassesWhenTheEndpointAnswersTheExpectedStatus() {
        assertThat(probes.http(new HttpProbe("http://127.0.0.1:" + port + "/health", 200)))
                .isEqualTo("GET http://127.0.0.1:" + port + "/health answered 200");
    }

    @Test
    void httpProbeFailsNamingTheStatusItGotAndTheOneItExpected() {
        assertThatThrownBy(() -> probes.http(new HttpProbe("http://127.0.0.1:" + port + "/starting", 200)))
                .isInstanceOf(Probes.ProbeFailedException.class)
                .hasMessageContaining("answered 503, expected 200");
    }

    @Test
    void tcpProbeConnectsToAListeningEndpoint() {
        assertThat(probes.tcp(Optional.of(new Endpoint("127.0.0.1", port)))).isEqualTo("connected to 127.0.0.1:" + port);
    }

    @Test
    void tcpProbeFailsOnAPortNobodyListensOn() {
        int closed = MotoServer.freePort();

        assertThatThrownBy(() -> probes.tcp(Optional.of(new Endpoint("127.0.0.1", closed))))
                .isInstanceOf(Probes.ProbeFailedException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:" + closed);
    }
}
