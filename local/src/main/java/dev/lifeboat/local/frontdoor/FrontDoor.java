package dev.lifeboat.local.frontdoor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's front door: an HTTP server that every AWS call goes through, the state machine
 * interpreter's included (moto sends them to its {@code MOTO_PORT}, which is this server's port).
 * It forwards each request unchanged to moto, except:
 * <ul>
 *   <li>Lambda {@code Invoke} of a function of the template, which it answers by running that
 *       function's handler in this JVM (moto's Lambda needs Docker);</li>
 *   <li>requests signed for a service routed elsewhere ({@link #route}), such as AWS Backup to a
 *       WireMock stub of its documented API, since moto has none;</li>
 *   <li>requests signed for a refused region ({@link #refuseRegion}), answered 403 as if that
 *       region were unreachable, and recorded.</li>
 * </ul>
 */
public final class FrontDoor implements AutoCloseable {

    /** One request as it passed through: the service and region its signature names. */
    public record Passage(String service, String region, String method, String path, boolean refused) {
    }

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private final HttpServer server;
    private final URI emulator;
    private final Function<Map<String, String>, FunctionInvoker> invokers;
    private volatile FunctionInvoker invoker;
    private final Map<String, String> functionsByName;
    private final Map<String, URI> routes = new ConcurrentHashMap<>();
    private final Set<String> refusedRegions = ConcurrentHashMap.newKeySet();
    private final List<Passage> passages = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Object invocations = new Object();

    private FrontDoor(HttpServer server, URI emulator, Template template, Function<Map<String, String>, FunctionInvoker> invokers) {
        this.server = server;
        this.emulator = emulator;
        this.invokers = invokers;
        this.functionsByName = functionNames(template);
    }

    /**
     * Listens on {@code port} of the loopback interface, forwarding to {@code emulator}.
     * {@code invokers} makes the invoker that runs the template's functions, for the template
     * parameter overrides in force ({@link #useParameters}); it is asked for on the first
     * invocation, so that it can be pointed at this front door.
     */
    public static FrontDoor start(int port, URI emulator, Template template, Function<Map<String, String>, FunctionInvoker> invokers) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("The front door cannot listen on port " + port + ": " + e.getMessage(), e);
        }
        FrontDoor door = new FrontDoor(server, emulator, template, invokers);
        server.createContext("/", door::handle);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "front-door");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return door;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Sends every request signed for {@code service} (its SigV4 signing name, such as {@code backup}) to {@code target}. */
    public void route(String service, URI target) {
        routes.put(service.toLowerCase(Locale.ROOT), target);
    }

    /** Answers every request signed for {@code region} with 403, as if the region were unreachable. */
    public void refuseRegion(String region) {
        refusedRegions.add(region);
    }

    /** Runs the template's functions with these parameter overrides (a short {@code RestorePollSeconds}, say). */
    public void useParameters(Map<String, String> parameterOverrides) {
        invoker = invokers.apply(Map.copyOf(parameterOverrides));
    }

    /** Back to forwarding everything to the emulator and the template's parameter defaults; forgets what passed. */
    public void reset() {
        invoker = null;
        routes.clear();
        refusedRegions.clear();
        passages.clear();
    }

    /** Every request since the last reset, in order. */
    public List<Passage> passages() {
        return Collections.unmodifiableList(new ArrayList<>(passages));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
            Matcher credential = CREDENTIAL.matcher(authorization);
            boolean signed = credential.find();
            String region = signed ? credential.group(1) : "";
            String service = signed ? credential.group(2).toLowerCase(Locale.ROOT) : "";
            String path = exchange.getRequestURI().getRawPath();
            boolean refused = !region.isEmpty() && refusedRegions.contains(region);
            passages.add(new Passage(service, region, exchange.getRequestMethod(), path, refused));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (refused) {
                respond(exchange, 403, Map.of("Content-Type", "application/json"), error("FrontDoor.RegionUnreachable",
                        "region " + region + " is unreachable (the front door refuses every request signed for it)"));
                return;
            }
            Matcher invoke = INVOKE.matcher(path);
            if (exchange.getRequestMethod().equals("POST") && invoke.matches()) {
                String name = functionName(URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8));
                String logicalId = functionsByName.get(name);
                if (logicalId != null) {
                    invokeInProcess(exchange, logicalId, new String(body, StandardCharsets.UTF_8));
                    return;
                }
            }
            forward(exchange, routes.getOrDefault(service, emulator), body);
        } catch (RuntimeException e) {
            respond(exchange, 500, Map.of("Content-Type", "application/json"), error("FrontDoor.InternalError", String.valueOf(e)));
        }
    }

    private void invokeInProcess(HttpExchange exchange, String logicalId, String payload) throws IOException {
        InvocationResult result;
        synchronized (invocations) {
            // one at a time: the invoker redirects System.out while a handler runs
            if (invoker == null) {
                invoker = invokers.apply(Map.of());
            }
            result = invoker.invoke(logicalId, payload.isBlank() ? "{}" : payload, Map.of());
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Amz-Executed-Version", "$LATEST");
        switch (result) {
            case InvocationResult.Success success -> respond(exchange, 200, headers, success.json().getBytes(StandardCharsets.UTF_8));
            case InvocationResult.Failure failure -> {
                headers.put("X-Amz-Function-Error", "Unhandled");
                ObjectNode error = Json.MAPPER.createObjectNode();
                error.put("errorMessage", failure.errorMessage());
                error.put("errorType", failure.errorType());
                failure.stackTrace().stream().limit(20).forEach(error.putArray("stackTrace")::add);
                respond(exchange, 200, headers, error.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void forward(HttpExchange exchange, URI target, byte[] body) throws IOException {
        URI uri = URI.create(target.toString().replaceAll("/$", "") + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to " + uri, e);
        }
        exchange.getResponseHeaders().clear();
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length == 0 ? -1 : answer.length);
        if (!noBody && answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] error(String type, String message) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("__type", type);
        error.put("message", message);
        error.put("Message", message);
        return error.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The function name in an invoke path: a name, a partial or full ARN, with or without a qualifier. */
    static String functionName(String nameOrArn) {
        String name = nameOrArn;
        int function = name.indexOf(":function:");
        if (function >= 0) {
            name = name.substring(function + ":function:".length());
        }
        int qualifier = name.indexOf(':');
        return qualifier >= 0 ? name.substring(0, qualifier) : name;
    }

    /** Physical function name → logical id, in whichever stack deploys the function. */
    private static Map<String, String> functionNames(Template template) {
        Map<String, String> names = new HashMap<>();
        template.functions().values().forEach(function -> {
            for (StackRole role : StackRole.values()) {
                LocalNames local = new LocalNames(template, role, Map.of(), Map.of());
                if (local.deploys(function)) {
                    names.put(local.physicalName(function.logicalId()), function.logicalId());
                    return;
                }
            }
        });
        return names;
    }
}
