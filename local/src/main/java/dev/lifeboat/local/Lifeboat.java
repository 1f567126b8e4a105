package dev.lifeboat.local;

import dev.lifeboat.local.demo.DemoSnapshots;
import dev.lifeboat.local.drill.DrillCommand;
import dev.lifeboat.local.drill.ReportCommand;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.PolicyDocument;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code bin/lifeboat} command: {@code invoke} runs a function of the template in-process
 * against the emulator, {@code up} creates the template's resources in it, {@code snapshot} creates
 * a snapshot there and prints the event announcing it, {@code restore} runs the restore workflow,
 * {@code drill} runs the local DR drill, {@code report} writes the health report. Exit codes: 0 done, 1 the command failed
 * (the error is on stderr), 2 the command line is wrong.
 */
public final class Lifeboat {

    static final String USAGE = """
            Usage: bin/lifeboat <command> [options]

              test [maven options]...
                  Runs the whole test suite as CI does (mvn verify), after checking for moto_server and
                  cfn-lint.
              sizes
                  Prints each function's deployable jar size against the 15 MiB limit; exits 1 if one is over.
              invoke <FunctionLogicalId> <event.json> [--env KEY=VALUE]... [--parameter KEY=VALUE]...
                  Runs the function's handler in this JVM against the emulator at AWS_ENDPOINT_URL and
                  prints its result (JSON) on stdout; logs go to stderr. An SQS-fed function also takes
                  a bare EventBridge event, delivered as one SQS message.
              up [--parameter KEY=VALUE]...
                  Creates the template's tables, queues, topics, keys, buckets and parameters in the
                  emulator at AWS_ENDPOINT_URL, for the primary and the recovery stack. Safe to repeat.
              snapshot [--policy NAME] [--volume-tag KEY=VALUE]... [--tag KEY=VALUE]...
                  Creates an encrypted 8 GiB volume tagged lifeboat:policy=NAME (default: default; an
                  empty NAME leaves the tag off) and a snapshot of it (with the --tag tags) in the
                  emulator's primary region, and prints the EBS createSnapshot succeeded event for it on
                  stdout: bin/lifeboat snapshot > event.json; bin/lifeboat invoke CopySnapshotFunction event.json
              restore <request.json> [--name NAME] [--parameter KEY=VALUE]...
                  Runs the restore workflow (the state machine in template.yaml) in the emulator's recovery
                  region with the request (see events/restore-request-*.json), printing each state as it is
                  entered, then the result; exits 1 if the restore failed. The emulator must have been started
                  with MOTO_PORT=<another free port> in its environment, and MOTO_PORT set here too: the
                  workflow's Lambda tasks reach this command's front door there, which runs them in-process.
              drill [--days N] [--keep-running] [--parameter KEY=VALUE]...
                  The local DR drill, in an emulator of its own (needs no AWS_ENDPOINT_URL): a small tagged
                  estate (EBS volume, RDS PostgreSQL instance, Aurora cluster) in the primary region, N simulated
                  days of backups (default 3) whose events go through the template's rules to the functions, one
                  injected failure, the recovery stack's scheduled functions, then the primary region made
                  unreachable and each resource restored in the recovery region through the state machine.
                  Prints progress, then the DR report; exits 0 only if every restore validated and every
                  scheduled recovery function the template has ran without error. Function logs go to
                  target/lifeboat-drill/drill.log. --keep-running leaves the emulator up afterwards, to look
                  around (Ctrl-C stops it).
              report [--out DIR] [--parameter KEY=VALUE]...
                  Runs HealthReportFunction against the emulator at AWS_ENDPOINT_URL and copies the report
                  files it wrote to the recovery bucket (health.html, .json, .md) into DIR (default
                  target/lifeboat-report in the repository); prints their paths.
              help
                  Prints this.

            The emulator: moto_server -p 5000 & export AWS_ENDPOINT_URL=http://127.0.0.1:5000
            The primary region is AWS_REGION (default us-east-1); the recovery region is the
            RecoveryRegion parameter (default us-west-2). The repository is LIFEBOAT_HOME, else the
            folder above the working directory that holds template.yaml.
            """;

    /** A command line that cannot be run as written. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private Lifeboat() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs a command; answers the exit code. */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageException("No command given");
            }
            List<String> rest = List.of(args).subList(1, args.length);
            return switch (args[0]) {
                case "invoke" -> invoke(rest, environment, out, err);
                case "up" -> up(rest, environment, out);
                case "snapshot" -> snapshot(rest, environment, out, err);
                case "restore" -> RestoreCommand.run(rest, environment, out, err);
                case "drill" -> drill(rest, environment, out, err);
                case "report" -> report(rest, environment, out, err);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("Unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            err.println("lifeboat: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (RuntimeException e) {
            err.println("lifeboat: " + e.getClass().getName() + ": " + e.getMessage());
            return 1;
        }
    }

    private static int invoke(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Options options = Options.parse(args, true);
        if (options.positional().size() != 2) {
            throw new UsageException("invoke takes a function's logical id and an event file");
        }
        Path root = RepoRoot.find(environment, Path.of(System.getProperty("user.dir")));
        Template template = Template.loadFrom(root);
        String event = readEvent(options.positional().get(1), root);
        InvocationResult result = new FunctionInvoker(template, options.parameters(), environment)
                .invoke(options.positional().get(0), event, options.environment());
        return switch (result) {
            case InvocationResult.Success success -> {
                out.println(pretty(success.json()));
                yield 0;
            }
            case InvocationResult.Failure failure -> {
                err.println("lifeboat: " + options.positional().get(0) + " failed: " + failure.errorType() + ": " + failure.errorMessage());
                failure.stackTrace().forEach(frame -> err.println("    at " + frame));
                yield 1;
            }
        };
    }

    private static int drill(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        DrillCommand.Arguments arguments;
        try {
            arguments = DrillCommand.parse(args);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return DrillCommand.run(arguments, environment, out, err);
    }

    private static int report(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Path folder = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--out")) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--out needs a folder");
                }
                folder = Path.of(args.get(++i));
            } else if (args.get(i).startsWith("--out=")) {
                folder = Path.of(args.get(i).substring("--out=".length()));
            } else {
                rest.add(args.get(i));
            }
        }
        Options options = Options.parse(rest, false);
        if (!options.positional().isEmpty()) {
            throw new UsageException("report takes no arguments besides --out DIR and --parameter KEY=VALUE");
        }
        return ReportCommand.run(folder, options.parameters(), environment, out, err);
    }

    private static int up(List<String> args, Map<String, String> environment, PrintStream out) {
        Options options = Options.parse(args, false);
        if (!options.positional().isEmpty()) {
            throw new UsageException("up takes no arguments besides --parameter KEY=VALUE");
        }
        Template template = Template.loadFrom(RepoRoot.find(environment, Path.of(System.getProperty("user.dir"))));
        new Provisioner(template, options.parameters(), environment, out::println).up();
        return 0;
    }

    private static int snapshot(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        DemoSnapshots.Request request = snapshotRequest(args);
        Path root = RepoRoot.find(environment, Path.of(System.getProperty("user.dir")));
        // progress on stderr: stdout is the event, for redirecting to a file
        DemoSnapshots.DemoSnapshot created = new DemoSnapshots(root, environment, line -> err.println("lifeboat: " + line)).create(request);
        out.print(created.event().endsWith("\n") ? created.event() : created.event() + "\n");
        return 0;
    }

    /** {@code snapshot}'s options: {@code --policy NAME}, {@code --volume-tag KEY=VALUE}..., {@code --tag KEY=VALUE}... */
    static DemoSnapshots.Request snapshotRequest(List<String> args) {
        String policy = PolicyDocument.DEFAULT_POLICY_NAME;
        Map<String, String> volumeTags = new LinkedHashMap<>();
        Map<String, String> snapshotTags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String option = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            if (!List.of("--policy", "--volume-tag", "--tag").contains(option)) {
                throw new UsageException(arg.startsWith("--") ? "Unknown option " + arg
                        : "snapshot takes no arguments besides --policy NAME, --volume-tag KEY=VALUE and --tag KEY=VALUE");
            }
            String value;
            if (!option.equals(arg)) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(option + " needs a value");
            }
            switch (option) {
                case "--policy" -> policy = value;
                case "--volume-tag" -> Options.put(volumeTags, option, value);
                default -> Options.put(snapshotTags, option, value);
            }
        }
        return new DemoSnapshots.Request(policy, volumeTags, snapshotTags);
    }

    /** The event file as given, else relative to the repository (so {@code events/x.json} works from anywhere). */
    private static String readEvent(String name, Path root) {
        Path file = Path.of(name);
        if (!Files.isRegularFile(file) && !file.isAbsolute() && Files.isRegularFile(root.resolve(name))) {
            file = root.resolve(name);
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UsageException("Cannot read event file " + name + ": " + e);
        }
    }

    private static String pretty(String json) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(json));
        } catch (IOException e) {
            return json;
        }
    }

    /** Positional arguments, {@code --env KEY=VALUE} and {@code --parameter KEY=VALUE}. */
    record Options(List<String> positional, Map<String, String> environment, Map<String, String> parameters) {

        static Options parse(List<String> args, boolean allowEnv) {
            List<String> positional = new ArrayList<>();
            Map<String, String> environment = new LinkedHashMap<>();
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                String option = arg;
                String pair = null;
                if (arg.startsWith("--env=") || arg.startsWith("--parameter=")) {
                    option = arg.substring(0, arg.indexOf('='));
                    pair = arg.substring(arg.indexOf('=') + 1);
                }
                if (option.equals("--env") && allowEnv || option.equals("--parameter")) {
                    if (pair == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(option + " needs KEY=VALUE");
                        }
                        pair = args.get(++i);
                    }
                    put(option.equals("--env") ? environment : parameters, option, pair);
                } else if (arg.startsWith("--")) {
                    throw new UsageException("Unknown option " + arg);
                } else {
                    positional.add(arg);
                }
            }
            return new Options(List.copyOf(positional), environment, parameters);
        }

        /** Adds {@code pair}, the value of {@code option}, to {@code map}; a pair that is not KEY=VALUE is a usage error. */
        static void put(Map<String, String> map, String option, String pair) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new UsageException(option + " needs KEY=VALUE, got '" + pair + "'");
            }
            map.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
    }
}
