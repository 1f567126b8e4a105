package dev.lifeboat.local.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lambda execution environment on this machine: a JVM running the real Runtime Interface
 * Client over a task root, with a clean environment that holds only what Lambda sets (the
 * reserved variables) and the function's own variables, talking to its own {@link RuntimeApi}.
 * Started cold; {@link #awaitInit} waits for the client's first request for work, {@link #invoke}
 * hands it an event and waits for its answer. Nothing is timed with sleeps: every wait ends when
 * the awaited message arrives, the process exits, or the time limit passes.
 */
public final class ExecutionEnvironment implements AutoCloseable {

    /** What Lambda knows of a function when it starts an environment for it. */
    public record Function(String name, String arn, String handler, Path taskRoot, Map<String, String> variables, int memoryMb,
                           Duration timeout) {

        public Function {
            variables = Map.copyOf(variables);
        }
    }

    /** The answer to one invocation, with its duration and the log the environment has written so far. */
    public record Invoked(RuntimeApi.Outcome outcome, String log) {

        public Duration duration() {
            return outcome.duration();
        }

        /** The handler's result; fails, with the error and the log, when the handler threw. */
        public String response() {
            if (outcome instanceof RuntimeApi.Outcome.Response response) {
                return response.body();
            }
            RuntimeApi.Outcome.Error error = (RuntimeApi.Outcome.Error) outcome;
            throw new AssertionError("the function failed (" + error.errorType() + "): " + error.body() + "\n--- its log ---\n" + tail(log));
        }
    }

    /** The environment could not start the function: the client reported an init error, exited, or did not ask for work in time. */
    public static final class InitFailed extends RuntimeException {
        InitFailed(String message) {
            super(message);
        }
    }

    private static final Duration INVOKE_GRACE = Duration.ofSeconds(10);
    private static final int LOG_TAIL_CHARACTERS = 6000;

    private final Function function;
    private final RuntimeApi api;
    private final Process process;
    private final long startedAtNanos;
    private final Path logFile;

    private ExecutionEnvironment(Function function, RuntimeApi api, Process process, long startedAtNanos, Path logFile) {
        this.function = function;
        this.api = api;
        this.process = process;
        this.startedAtNanos = startedAtNanos;
        this.logFile = logFile;
    }

    /** Starts the client for {@code function}; its output goes to a file in {@code workFolder}. */
    public static ExecutionEnvironment start(RuntimeInterfaceClient client, Function function, Path workFolder) {
        RuntimeApi api = RuntimeApi.start();
        try {
            Files.createDirectories(workFolder);
            Path logFile = Files.createTempFile(workFolder, function.name() + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(client.command(function.handler(), function.memoryMb()))
                    .directory(function.taskRoot().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(function, api.address(), client));
            long startedAt = System.nanoTime();
            Process process = builder.start();
            return new ExecutionEnvironment(function, api, process, startedAt, logFile);
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("Cannot start " + client.java() + " for " + function.name(), e);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    /**
     * What the process sees: the function's variables, then what Lambda reserves and sets itself
     * (which a function's configuration cannot override), as the Lambda documentation lists them.
     */
    static Map<String, String> environment(Function function, String runtimeApi, RuntimeInterfaceClient client) {
        Map<String, String> environment = new LinkedHashMap<>(function.variables());
        environment.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        environment.put("LANG", "en_US.UTF-8");
        environment.put("TZ", ":UTC");
        environment.put("_HANDLER", function.handler());
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                + "/[$LATEST]" + HexFormat.of().formatHex(randomBytes(16)));
        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        environment.put("LAMBDA_TASK_ROOT", function.taskRoot().toString());
        environment.put("LAMBDA_RUNTIME_DIR", client.classPath().get(0).getParent().toString());
        return environment;
    }

    /**
     * Waits until the client asks for its first invocation and answers how long it took from the
     * process's start: Lambda's {@code Init Duration}.
     */
    public Duration awaitInit(Duration timeout) {
        CompletableFuture<Object> first = CompletableFuture.anyOf(api.firstPoll(), api.initError(), process.onExit());
        try {
            first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new InitFailed(function.name() + " did not ask for an invocation within " + timeout.toSeconds() + " s\n--- its log ---\n"
                    + tail(log()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (api.initError().isDone()) {
            RuntimeApi.InitError error = api.initError().join();
            throw new InitFailed(function.name() + " failed to initialise (" + error.errorType() + "): " + error.body() + "\n--- its log ---\n"
                    + tail(log()));
        }
        if (!api.firstPoll().isDone()) {
            throw new InitFailed(function.name() + "'s runtime exited with code " + process.exitValue()
                    + " before asking for an invocation\n--- its log ---\n" + tail(log()));
        }
        return Duration.ofNanos(api.firstPoll().join() - startedAtNanos);
    }

    /** Hands {@code eventJson} to the function and waits for its answer (its timeout and some grace at most). */
    public Invoked invoke(String eventJson) {
        CompletableFuture<RuntimeApi.Outcome> outcome = api.invoke(RuntimeApi.Invocation.of(eventJson, function.arn(), function.timeout()));
        CompletableFuture<Object> settled = CompletableFuture.anyOf(outcome, process.onExit());
        try {
            settled.get(function.timeout().plus(INVOKE_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(function.name() + " did not answer within its timeout of " + function.timeout().toSeconds()
                    + " s\n--- its log ---\n" + tail(log()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (!outcome.isDone()) {
            throw new IllegalStateException(function.name() + "'s runtime exited with code " + process.exitValue()
                    + " during the invocation\n--- its log ---\n" + tail(log()));
        }
        return new Invoked(outcome.join(), log());
    }

    /** The process's peak resident set size so far ({@code VmHWM} in {@code /proc/<pid>/status}), empty where /proc has none. */
    public OptionalLong peakRssBytes() {
        return PeakRss.of(process.pid());
    }

    /** Everything the environment has printed (the function's log), so far. */
    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** The log's lines that are JSON objects: Powertools' structured log lines and EMF metrics. */
    public List<String> jsonLines() {
        return log().lines().filter(line -> line.startsWith("{")).toList();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the environment's process (as Lambda ends an idle environment) and the Runtime API. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            api.close();
        }
    }

    static String tail(String log) {
        return log.length() <= LOG_TAIL_CHARACTERS ? log : "…" + log.substring(log.length() - LOG_TAIL_CHARACTERS);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
