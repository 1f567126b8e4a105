package dev.lifeboat.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoServer;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.runtime.ColdStart;
import dev.lifeboat.local.runtime.ExecutionEnvironment;
import dev.lifeboat.local.runtime.LambdaFunctions;
import dev.lifeboat.local.runtime.NoOpHandler;
import dev.lifeboat.local.runtime.RuntimeInterfaceClient;
import dev.lifeboat.local.runtime.TaskRoot;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bench/cold-start}: every function's deployable jar started cold under the real Runtime
 * Interface Client against moto, N times, each run with a fresh event; side by side in the same
 * runs, interleaved, a no-op handler under the same client (the floor) and, for the copy, metrics
 * and alert functions, a naive baseline doing the same AWS calls with the SDK's defaults and
 * clients built per invocation ({@code bench/naive}). Prints the medians of init, first invoke and
 * peak RSS, the ratios function / naive and function / floor, and which targets each function misses
 * (issue 18: at most 0.5 × naive, at most 3 × floor, at most 160 MiB).
 */
public final class ColdStartBenchmark {

    static final String NAIVE_JAR = "bench/naive/target/lifeboat-bench-naive.jar";
    static final Map<String, String> NAIVE_HANDLERS = Map.of(
            "CopySnapshotFunction", "dev.lifeboat.bench.naive.NaiveCopySnapshotHandler",
            "BackupMetricsFunction", "dev.lifeboat.bench.naive.NaiveBackupMetricsHandler",
            "FailureAlertFunction", "dev.lifeboat.bench.naive.NaiveFailureAlertHandler");
    static final double NAIVE_TARGET = 0.5;
    static final double FLOOR_TARGET = 3.0;
    static final long RSS_TARGET_BYTES = 160L << 20;
    static final String FLOOR = "no-op handler (floor)";

    private ColdStartBenchmark() {
    }

    /** One thing measured: a template function, a naive baseline of one, or the floor. */
    record Subject(String name, Optional<String> functionId, ExecutionEnvironment.Function function) {
    }

    /** Medians over the runs of one subject. */
    record Medians(Duration init, Duration firstInvoke, Duration total, long peakRssBytes) {

        static Medians of(List<ColdStart> runs) {
            return new Medians(median(runs.stream().map(ColdStart::init).toList()),
                    median(runs.stream().map(ColdStart::firstInvoke).toList()),
                    median(runs.stream().map(ColdStart::total).toList()),
                    median(runs.stream().map(run -> Duration.ofNanos(run.peakRssBytes().orElse(0))).toList()).toNanos());
        }
    }

    static Duration median(List<Duration> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    public static void main(String[] args) throws Exception {
        int runs = 7;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, "--runs"));
                case "--function" -> only.add(value(args, ++i, "--function"));
                case "--help", "-h" -> {
                    System.out.println("usage: bench/cold-start [--runs N] [--function LogicalId]...");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (bench/cold-start --help)");
            }
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        Path repo = RepoRoot.find();
        Template template = Template.loadFrom(repo);
        Path work = repo.resolve("target/bench/cold-start");
        Files.createDirectories(work);
        PrintStream progress = System.err;
        RuntimeInterfaceClient client = RuntimeInterfaceClient.of(repo, System.getenv());
        try (MotoServer moto = MotoServer.start(Optional.empty(), Optional.of(work.resolve("moto.log")))) {
            Emulator emulator = new Emulator(moto.endpoint());
            Map<String, String> environment = emulator.environment(Map.of());
            progress.println("cold-start: creating the template's resources in moto " + moto.endpoint());
            new Provisioner(template, Map.of(), environment, line -> { }).up();
            ColdStartScenarios scenarios = new ColdStartScenarios(template, emulator);
            scenarios.prepare();
            try (LambdaFunctions lambda = new LambdaFunctions(template, Map.of(), environment, client, work);
                 TaskRoot naiveRoot = TaskRoot.extract(repo.resolve(NAIVE_JAR), work);
                 TaskRoot floorRoot = TaskRoot.ofClasses(work, NoOpHandler.class)) {
                List<Subject> subjects = subjects(lambda, scenarios.covered(), only, naiveRoot, floorRoot);
                Map<String, List<ColdStart>> results = new LinkedHashMap<>();
                subjects.forEach(subject -> results.put(subject.name(), new ArrayList<>()));
                progress.printf("cold-start: %d runs of %d subjects with %s (%s)%n", runs, subjects.size(), client.java(),
                        Runtime.version());
                for (int run = 1; run <= runs; run++) {
                    for (Subject subject : subjects) {
                        String event = subject.functionId().map(id -> lambda.deliveredEvent(id, scenarios.event(id))).orElse("{}");
                        ColdStart coldStart = LambdaFunctions.measure(client, subject.function(), event, work);
                        check(subject, coldStart);
                        results.get(subject.name()).add(coldStart);
                        progress.printf("  run %d/%d %-45s init %5d ms  invoke %5d ms  rss %4d MiB%n", run, runs, subject.name(),
                                coldStart.init().toMillis(), coldStart.firstInvoke().toMillis(), coldStart.peakRssBytes().orElse(0) >> 20);
                    }
                }
                String table = table(results, runs, client);
                System.out.print(table);
                Files.writeString(work.resolve("results.md"), table);
                progress.println("cold-start: the table is also in " + repo.relativize(work.resolve("results.md")));
            }
        }
    }

    private static List<Subject> subjects(LambdaFunctions lambda, List<String> covered, List<String> only, TaskRoot naiveRoot,
                                          TaskRoot floorRoot) {
        List<String> all = lambda.functionIds();
        for (String id : only) {
            if (!all.contains(id)) {
                throw new IllegalArgumentException("--function " + id + " is not a function of the template; its functions are " + all);
            }
        }
        List<Subject> subjects = new ArrayList<>();
        for (String id : all) {
            if (!covered.contains(id)) {
                throw new IllegalStateException(id + " is a function of the template without a cold-start scenario: add one to ColdStartScenarios");
            }
            if (!only.isEmpty() && !only.contains(id)) {
                continue;
            }
            ExecutionEnvironment.Function function = lambda.function(id, Map.of());
            subjects.add(new Subject(id, Optional.of(id), function));
            if (NAIVE_HANDLERS.containsKey(id)) {
                subjects.add(new Subject(naiveName(id), Optional.of(id), new ExecutionEnvironment.Function(function.name(), function.arn(),
                        NAIVE_HANDLERS.get(id), naiveRoot.directory(), function.variables(), function.memoryMb(), function.timeout())));
            }
        }
        ExecutionEnvironment.Function any = subjects.getFirst().function();
        subjects.add(new Subject(FLOOR, Optional.empty(), new ExecutionEnvironment.Function("lifeboat-floor", any.arn(),
                NoOpHandler.class.getName(), floorRoot.directory(), Map.of(), any.memoryMb(), any.timeout())));
        return subjects;
    }

    static String naiveName(String functionId) {
        return "naive " + functionId;
    }

    /** A run counts only if the function did its work: no error, no failed record. */
    private static void check(Subject subject, ColdStart coldStart) {
        String response;
        try {
            response = coldStart.response();
        } catch (AssertionError e) {
            throw new IllegalStateException(subject.name() + ": " + e.getMessage());
        }
        try {
            JsonNode answer = Json.MAPPER.readTree(response);
            if (answer.path("batchItemFailures").size() > 0) {
                throw new IllegalStateException(subject.name() + " failed records: " + response + "\n--- its log ---\n" + coldStart.log());
            }
        } catch (IOException e) {
            throw new IllegalStateException(subject.name() + " answered no JSON: " + response, e);
        }
    }

    /** The results as a Markdown table, with the ratios and the targets each function misses. */
    static String table(Map<String, List<ColdStart>> results, int runs, RuntimeInterfaceClient client) {
        Map<String, Medians> medians = new LinkedHashMap<>();
        results.forEach((name, list) -> medians.put(name, Medians.of(list)));
        Medians floor = medians.get(FLOOR);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Medians of %d cold starts each, under the Runtime Interface Client (%s), Java %s, interleaved in one run%n%n",
                runs, client.classPath().stream().map(path -> path.getFileName().toString())
                        .filter(name -> name.startsWith("aws-lambda-java-runtime-interface-client")).findFirst().orElse("?"),
                Runtime.version().feature()));
        out.append("| function | init ms | first invoke ms | cold start ms | peak RSS MiB | × naive | × floor | misses |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        medians.forEach((name, m) -> {
            boolean function = !name.startsWith("naive ") && !name.equals(FLOOR);
            Medians naive = medians.get(naiveName(name));
            Double toNaive = function && naive != null ? ratio(m.total(), naive.total()) : null;
            Double toFloor = name.equals(FLOOR) ? null : ratio(m.total(), floor.total());
            List<String> misses = new ArrayList<>();
            if (function) {
                if (toNaive != null && toNaive > NAIVE_TARGET) {
                    misses.add("> 0.5 × naive");
                }
                if (toFloor > FLOOR_TARGET) {
                    misses.add("> 3 × floor");
                }
                if (m.peakRssBytes() > RSS_TARGET_BYTES) {
                    misses.add("> 160 MiB");
                }
            }
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s | %s |%n", name, m.init().toMillis(), m.firstInvoke().toMillis(),
                    m.total().toMillis(), m.peakRssBytes() >> 20, toNaive == null ? "" : String.format(Locale.ROOT, "%.2f", toNaive),
                    toFloor == null ? "" : String.format(Locale.ROOT, "%.2f", toFloor),
                    function ? (misses.isEmpty() ? "none" : String.join(", ", misses)) : ""));
        });
        return out.toString();
    }

    private static double ratio(Duration value, Duration base) {
        return (double) value.toNanos() / base.toNanos();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
