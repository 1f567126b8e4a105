package dev.lifeboat.restorevalidate;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for a test: Debian's {@code postgresql} binaries, a fresh cluster
 * in a temporary folder on a free loopback port, password authentication. PostgreSQL refuses to
 * run as root, so under root it runs as {@code nobody}.
 */
final class PostgresServer implements AutoCloseable {

    static final String USER = "lifeboat";

    final int port;
    final String password;
    private final Path folder;
    private final Path bin;
    private final boolean asNobody;

    private PostgresServer(Path folder, Path bin, int port, String password, boolean asNobody) {
        this.folder = folder;
        this.bin = bin;
        this.port = port;
        this.password = password;
        this.asNobody = asNobody;
    }

    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path folder = Files.createTempDirectory("lifeboat-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        String password = "pw-" + Long.toHexString(System.nanoTime());
        Files.writeString(folder.resolve("pwfile"), password + "\n");
        if (root) {
            run(List.of("chown", "-R", "nobody:nogroup", folder.toString()), false);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresServer server = new PostgresServer(folder, bin, port, password, root);
        run(server.command("initdb", "-D", folder.resolve("data").toString(), "-U", USER, "--auth=scram-sha-256",
                "--pwfile=" + folder.resolve("pwfile"), "-E", "UTF8", "--no-sync"), root);
        run(server.command("pg_ctl", "-D", folder.resolve("data").toString(), "-w", "-l", folder.resolve("log").toString(),
                "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), root);
        return server;
    }

    /** Runs SQL as the server's user, on database {@code postgres}. */
    void execute(String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, password)) {
            for (String statement : statements) {
                connection.createStatement().execute(statement);
            }
        }
    }

    @Override
    public void close() throws Exception {
        run(command("pg_ctl", "-D", folder.resolve("data").toString(), "-m", "immediate", "stop"), asNobody);
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private static void run(List<String> command, boolean quietCwd) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(new File("/tmp")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin}. */
    private static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed: sudo apt-get install postgresql"));
        }
    }
}
