package dev.lifeboat.local.emulator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A moto server process on a free loopback port: the AWS API emulator that the tests, the local
 * runtime and the drill talk to. {@code moto_server} comes with Python's {@code moto[server]}.
 */
public final class MotoServer implements AutoCloseable {

    public static final String INSTALL_HINT =
            "moto_server was not found on PATH. Install it with: python3 -m pip install 'moto[server]>=5.2,<5.3' "
                    + "(or set LIFEBOAT_MOTO_SERVER to its path)";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts moto on a free port and waits until it answers. */
    public static MotoServer start() {
        return start(Optional.empty(), Optional.empty());
    }

    /**
     * Starts moto on a free port. {@code advertisedPort}, when present, is the port moto's state
     * machine interpreter sends its service calls to (its {@code MOTO_PORT}): the front door's.
     */
    public static MotoServer start(Optional<Integer> advertisedPort, Optional<Path> logFile) {
        String executable = locateExecutable();
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port));
        builder.environment().put("MOTO_PORT", Integer.toString(advertisedPort.orElse(port)));
        builder.environment().putIfAbsent("AWS_DEFAULT_REGION", "us-east-1");
        builder.redirectErrorStream(true);
        if (logFile.isPresent()) {
            try {
                Files.createDirectories(logFile.get().toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builder.redirectOutput(logFile.get().toFile());
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL_HINT + " (" + e.getMessage() + ")", e);
        }
        MotoServer server = new MotoServer(process, port);
        server.awaitReady();
        return server;
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Clears every resource in every region and account. */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /** Sets moto options, such as {@code {"stepfunctions": {"execute_state_machine": true}}}. */
    public void configure(String json) {
        post("/moto-api/config", json);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void post(String path, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint().resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("moto " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue()
                        + " before answering; is it installed correctly? " + INSTALL_HINT);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/data.json"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (IOException e) {
                // starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not answer on port " + port + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static String locateExecutable() {
        String configured = System.getenv("LIFEBOAT_MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : List.of("moto_server")) {
                File candidate = new File(dir, name);
                if (candidate.isFile() && candidate.canExecute()) {
                    return candidate.getAbsolutePath();
                }
            }
        }
        throw new IllegalStateException(INSTALL_HINT);
    }

    /** A port that was free a moment ago on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
