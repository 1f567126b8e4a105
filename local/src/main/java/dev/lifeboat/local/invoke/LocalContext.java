package dev.lifeboat.local.invoke;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The Lambda {@code Context} a locally invoked handler gets: a proxy of the handler's own
 * {@code Context} interface (the handler may come from a jar with its own copy of it), whose
 * logger writes to stderr.
 */
final class LocalContext {

    private static final String RUNTIME = "com.amazonaws.services.lambda.runtime.";

    private LocalContext() {
    }

    static Object create(ClassLoader loader, String functionName, String functionArn, int memoryMb, Instant deadline,
                         String requestId) throws ClassNotFoundException {
        PrintStream stderr = System.err;
        Object logger = proxy(loader, RUNTIME + "LambdaLogger", (proxy, method, args) -> switch (method.getName()) {
            case "log" -> {
                String message = args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(args[0]);
                stderr.print(message.endsWith("\n") ? message : message + "\n");
                yield null;
            }
            default -> null;
        });
        String logStream = LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + "/[$LATEST]" + requestId.replace("-", "");
        return proxy(loader, RUNTIME + "Context", (proxy, method, args) -> switch (method.getName()) {
            case "getAwsRequestId" -> requestId;
            case "getLogGroupName" -> "/aws/lambda/" + functionName;
            case "getLogStreamName" -> logStream;
            case "getFunctionName" -> functionName;
            case "getFunctionVersion" -> "$LATEST";
            case "getInvokedFunctionArn" -> functionArn;
            case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis());
            case "getMemoryLimitInMB" -> memoryMb;
            case "getLogger" -> logger;
            default -> null;
        });
    }

    /** A proxy of the named interface; its default methods and Object's methods behave as usual. */
    private static Object proxy(ClassLoader loader, String interfaceName, InvocationHandler handler) throws ClassNotFoundException {
        Class<?> type = loader.loadClass(interfaceName);
        return Proxy.newProxyInstance(loader, new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return switch (method.getName()) {
                case "toString" -> interfaceName.substring(RUNTIME.length()) + " (lifeboat local)";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> handler.invoke(proxy, method, args);
            };
        });
    }
}
