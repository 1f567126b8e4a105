package dev.lifeboat.restorevalidate;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB server for a test, speaking MySQL's protocol as RDS MySQL, RDS MariaDB and
 * Aurora MySQL do: Debian's {@code mariadb-server} binaries, a fresh data folder in a temporary
 * folder, on a free loopback port, with a user {@value #USER} who logs in with a password over TCP.
 * The server's own {@code root} is reachable only through the unix socket, to create that user.
 */
final class MariaDbServer implements AutoCloseable {

    static final String USER = "lifeboat";
    static final String DATABASE = "shop";
    static final String INSTALL = "apt-get install -y mariadb-server";

    private static final List<Path> FOLDERS = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/usr/local/sbin"),
            Path.of("/usr/local/bin"), Path.of("/usr/local/mysql/bin"));

    final int port;
    final String password;
    private final Path folder;
    private final Process server;

    private MariaDbServer(Path folder, Process server, int port, String password) {
        this.folder = folder;
        this.server = server;
        this.port = port;
        this.password = password;
    }

    static MariaDbServer start() throws Exception {
        Path mariadbd = binary("mariadbd");
        Path installDb = binary("mariadb-install-db");
        Path client = binary("mariadb");
        boolean root = "root".equals(System.getProperty("user.name"));
        Path folder = Files.createTempDirectory("lifeboat-mariadb");
        Path data = folder.resolve("data");
        Path socket = folder.resolve("socket");
        Path log = folder.resolve("error.log");
        List<String> asUser = root ? List.of("--user=root") : List.of();

        List<String> install = new ArrayList<>(List.of(installDb.toString(), "--no-defaults", "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"));
        install.addAll(asUser);
        run(install);

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults", "--datadir=" + data,
                "--socket=" + socket, "--port=" + port, "--bind-address=127.0.0.1", "--skip-name-resolve",
                "--pid-file=" + folder.resolve("pid"), "--log-error=" + log, "--innodb-buffer-pool-size=16M",
                "--innodb-log-file-size=8M", "--innodb-flush-log-at-trx-commit=0"));
        command.addAll(asUser);
        Process server = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("stdout.log").toFile()).start();
        String password = "pw-" + Long.toHexString(System.nanoTime());
        MariaDbServer started = new MariaDbServer(folder, server, port, password);
        try {
            started.awaitReady(log);
            run(List.of(client.toString(), "--no-defaults", "--socket=" + socket, "--user=root",
                    "--execute=CREATE DATABASE " + DATABASE + "; CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + password + "'; "
                            + "GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'%';"));
        } catch (Exception e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** Runs SQL as {@value #USER} over TCP, on database {@value #DATABASE}. */
    void execute(String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE, USER, password)) {
            for (String statement : statements) {
                connection.createStatement().execute(statement);
            }
        }
    }

    @Override
    public void close() throws Exception {
        // SIGTERM: mariadbd shuts down cleanly
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!ready(log)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + server.exitValue() + ": " + tail(log));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("mariadbd is not ready after 60 s: " + tail(log));
            }
            Thread.sleep(50);
        }
    }

    private static boolean ready(Path log) throws IOException {
        return Files.exists(log) && Files.readString(log).contains("ready for connections");
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no error log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(new File("/tmp")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command.getFirst() + " failed: " + output);
        }
    }

    /** A MariaDB program, from Debian's places or the PATH. */
    private static Path binary(String name) {
        Stream<Path> path = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(value -> Stream.of(value.split(File.pathSeparator))).map(Path::of);
        return Stream.concat(FOLDERS.stream(), path).map(folder -> folder.resolve(name)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("MariaDB's " + name + " is not installed; the MySQL SQL probe tests need "
                        + "Debian's mariadb-server package: " + INSTALL));
    }
}
