package dev.lifeboat.local.drill;

import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/lifeboat drill}: runs the local DR drill in an emulator of its own, printing progress,
 * then the DR report; exit code 0 only when every restore validated (and every scheduled recovery
 * function the template has succeeded). The functions' own logs go to a file, named at the start.
 */
public final class DrillCommand {

    /** Days of backups simulated unless {@code --days} says otherwise. */
    public static final int DEFAULT_DAYS = 3;

    /** The command line: days to simulate, whether to keep the emulator running afterwards, template parameter overrides. */
    public record Arguments(int days, boolean keepRunning, Map<String, String> parameters) {
    }

    private DrillCommand() {
    }

    /** Parses {@code [--days N] [--keep-running] [--parameter KEY=VALUE]...}; a wrong command line throws {@link IllegalArgumentException}. */
    public static Arguments parse(List<String> args) {
        int days = DEFAULT_DAYS;
        boolean keepRunning = false;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = option.equals(arg) ? null : arg.substring(arg.indexOf('=') + 1);
            switch (option) {
                case "--keep-running" -> keepRunning = true;
                case "--days", "--parameter" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(option + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    if (option.equals("--days")) {
                        try {
                            days = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--days needs a whole number, got '" + value + "'");
                        }
                        if (days < 2 || days > 30) {
                            throw new IllegalArgumentException("--days must be between 2 and 30, got " + days);
                        }
                    } else {
                        int equals = value.indexOf('=');
                        if (equals <= 0) {
                            throw new IllegalArgumentException("--parameter needs KEY=VALUE, got '" + value + "'");
                        }
                        parameters.put(value.substring(0, equals), value.substring(equals + 1));
                    }
                }
                default -> throw new IllegalArgumentException(arg.startsWith("--") ? "Unknown option " + arg
                        : "drill takes no arguments besides --days N, --keep-running and --parameter KEY=VALUE");
            }
        }
        return new Arguments(days, keepRunning, parameters);
    }

    /** Runs the drill; answers the exit code. */
    public static int run(Arguments arguments, Map<String, String> environment, PrintStream out, PrintStream err) {
        Path root = RepoRoot.find(environment, Path.of(System.getProperty("user.dir")));
        Template template = Template.loadFrom(root);
        Path folder = root.resolve("target").resolve("lifeboat-drill");
        Path log = folder.resolve("drill.log");
        Progress progress = new Progress(out, Instant.now());
        progress.line("Lifeboat DR drill: %d simulated days of backups, then the primary region goes down (function logs: %s)",
                arguments.days(), root.relativize(log));
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        DrillResult result;
        Drill drill = null;
        try (PrintStream logStream = open(log)) {
            // the handlers log to stdout (and the invoker sends that to stderr): both go to the log, not between the progress lines
            System.setOut(logStream);
            System.setErr(logStream);
            try {
                drill = Drill.start(root, template, new Drill.Options(arguments.days(), arguments.parameters(), folder), progress);
                result = drill.run();
            } finally {
                System.setOut(stdout);
                System.setErr(stderr);
            }
            out.print(DrillReport.render(result));
            out.flush();
            if (arguments.keepRunning()) {
                keepRunning(drill, out);
            }
        } catch (RuntimeException e) {
            if (drill != null && arguments.keepRunning()) {
                drill.close();
            }
            err.println("lifeboat: the drill stopped: " + e.getClass().getSimpleName() + ": " + e.getMessage() + " (function logs: " + log + ")");
            return 1;
        } finally {
            if (drill != null && !arguments.keepRunning()) {
                drill.close();
            }
        }
        return result.passed() ? 0 : 1;
    }

    private static void keepRunning(Drill drill, PrintStream out) {
        out.println();
        out.println("The emulator keeps running with the drill's estate, copies and restores. In another shell:");
        out.println("  export AWS_ENDPOINT_URL=" + drill.endpoint() + " AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test");
        out.println("  aws ec2 describe-snapshots --owner-ids self --region us-west-2");
        out.println("That endpoint is the front door, where the primary region stays unreachable; the emulator itself, with both regions"
                + " and moto's dashboard (/moto-api/), is at " + drill.emulatorEndpoint() + ".");
        out.println("Press Ctrl-C to stop it.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            drill.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PrintStream open(Path log) {
        try {
            Files.createDirectories(log.getParent());
            return new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the drill's log " + log + ": " + e.getMessage(), e);
        }
    }
}
