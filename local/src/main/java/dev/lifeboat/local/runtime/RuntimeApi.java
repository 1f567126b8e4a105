package dev.lifeboat.local.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) on a loopback port, as one execution environment
 * sees it: the runtime asks for the next invocation, gets the event with the invocation's headers,
 * and posts the response or the error; it may report an initialisation error instead. Served with
 * the JDK's HTTP/1.1 server, because the Runtime Interface Client's native part speaks only HTTP/1.1
 * and requires every header Lambda sends ({@code Content-Type}, {@code Lambda-Runtime-Aws-Request-Id},
 * {@code Lambda-Runtime-Deadline-Ms}, {@code Lambda-Runtime-Invoked-Function-Arn},
 * {@code Lambda-Runtime-Trace-Id}).
 *
 * <p>Timestamps are {@link System#nanoTime()}: the moment of the first {@code next} request (the end
 * of the runtime's initialisation, as Lambda's {@code Init Duration} counts it), the moment an
 * event was handed over and the moment its outcome arrived ({@code Duration}).
 */
public final class RuntimeApi implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime";
    private static final Pattern INVOCATION_PATH = Pattern.compile(BASE + "/invocation/([^/]+)/(response|error)");

    /** An invocation to hand to the runtime. */
    public record Invocation(String requestId, byte[] event, long deadlineEpochMillis, String functionArn, String traceId) {

        /** An invocation of {@code functionArn} with {@code eventJson}, a fresh request id and trace id, due in {@code timeout}. */
        public static Invocation of(String eventJson, String functionArn, Duration timeout) {
            return new Invocation(UUID.randomUUID().toString(), eventJson.getBytes(StandardCharsets.UTF_8),
                    System.currentTimeMillis() + timeout.toMillis(), functionArn, newTraceId());
        }

        /** An X-Ray trace header as Lambda passes it: {@code Root=1-<epoch seconds hex>-<96 random bits hex>;Parent=…;Sampled=0}. */
        private static String newTraceId() {
            HexFormat hex = HexFormat.of();
            byte[] random = new byte[12];
            byte[] parent = new byte[8];
            ThreadLocalRandom.current().nextBytes(random);
            ThreadLocalRandom.current().nextBytes(parent);
            return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(random)
                    + ";Parent=" + hex.formatHex(parent) + ";Sampled=0";
        }
    }

    /** What the runtime answered to an invocation. */
    public sealed interface Outcome {

        /** When the event was handed over and when this outcome arrived ({@link System#nanoTime()}). */
        long deliveredAtNanos();

        long answeredAtNanos();

        /** The function's duration, as Lambda's {@code REPORT} line counts it. */
        default Duration duration() {
            return Duration.ofNanos(answeredAtNanos() - deliveredAtNanos());
        }

        /** {@code POST …/response}: the handler's result. */
        record Response(String body, long deliveredAtNanos, long answeredAtNanos) implements Outcome {
        }

        /** {@code POST …/error}: the handler threw; {@code errorType} is the {@code Lambda-Runtime-Function-Error-Type} header. */
        record Error(String errorType, String body, long deliveredAtNanos, long answeredAtNanos) implements Outcome {
        }
    }

    /** {@code POST /runtime/init/error}: the runtime could not load or construct the handler. */
    public record InitError(String errorType, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Long> delivered = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<InitError> initError = new CompletableFuture<>();
    private final AtomicLong polls = new AtomicLong();

    private RuntimeApi(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** A Runtime API on a free loopback port. */
    public static RuntimeApi start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "runtime-api");
                thread.setDaemon(true);
                return thread;
            });
            RuntimeApi api = new RuntimeApi(server, threads);
            server.createContext(BASE + "/", api::handle);
            server.setExecutor(threads);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a loopback port for the Runtime API", e);
        }
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Queues {@code invocation} for the runtime's next {@code next} request; the future completes with its outcome. */
    public CompletableFuture<Outcome> invoke(Invocation invocation) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        outcomes.put(invocation.requestId(), outcome);
        pending.add(invocation);
        return outcome;
    }

    /** Completes, with its {@link System#nanoTime()}, when the runtime first asks for an invocation: its initialisation is done. */
    public CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    /** Completes when the runtime reports an initialisation error. */
    public CompletableFuture<InitError> initError() {
        return initError;
    }

    /** How many times the runtime has asked for an invocation. */
    public long polls() {
        return polls.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] body = readAll(exchange.getRequestBody());
            if (method.equals("GET") && path.equals(BASE + "/invocation/next")) {
                next(exchange);
                return;
            }
            if (method.equals("POST") && path.equals(BASE + "/init/error")) {
                initError.complete(new InitError(header(exchange, "Lambda-Runtime-Function-Error-Type"), text(body)));
                answer(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            Matcher invocation = INVOCATION_PATH.matcher(path);
            if (method.equals("POST") && invocation.matches()) {
                settle(exchange, invocation.group(1), invocation.group(2), text(body));
                return;
            }
            answer(exchange, 404, "{\"errorMessage\":\"unknown Runtime API resource " + method + " " + path + "\",\"errorType\":\"InvalidRequest\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        long polledAt = System.nanoTime();
        polls.incrementAndGet();
        firstPoll.complete(polledAt);
        Invocation invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            // closing: the runtime's next request stays unanswered, as when Lambda freezes an environment
            Thread.currentThread().interrupt();
            return;
        }
        byte[] event = invocation.event();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis()));
        exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn());
        exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", invocation.traceId());
        delivered.put(invocation.requestId(), System.nanoTime());
        exchange.sendResponseHeaders(200, event.length == 0 ? -1 : event.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(event);
        }
    }

    private void settle(HttpExchange exchange, String requestId, String kind, String body) throws IOException {
        long answeredAt = System.nanoTime();
        Long deliveredAt = delivered.remove(requestId);
        CompletableFuture<Outcome> outcome = outcomes.remove(requestId);
        if (deliveredAt == null || outcome == null) {
            answer(exchange, 400, "{\"errorMessage\":\"no invocation " + requestId + " is in progress\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        answer(exchange, 202, "{\"status\":\"OK\"}");
        outcome.complete(kind.equals("response")
                ? new Outcome.Response(body, deliveredAt, answeredAt)
                : new Outcome.Error(header(exchange, "Lambda-Runtime-Function-Error-Type"), body, deliveredAt, answeredAt));
    }

    private static String header(HttpExchange exchange, String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name)).orElse("");
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
