package dev.lifeboat.local.invoke;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.ServerlessFunction;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Invokes a function of the template in this JVM, without Docker, the way {@code sam local invoke}
 * would: the template's environment resolved to local names, pointed at the emulator, the event
 * deserialized and the result serialized as the Lambda Java runtime does it. While the handler runs,
 * {@code System.out} goes to stderr, so that a caller's stdout carries only the result.
 *
 * <p>The handler class comes from the caller's class path when it is there (tests), else from the
 * function's deployable jar ({@code CodeUri}) in a class loader of its own, as on Lambda.
 */
public final class FunctionInvoker {

    private static final int DEFAULT_MEMORY_MB = 128;
    private static final int DEFAULT_TIMEOUT_SECONDS = 3;

    private final Template template;
    private final Map<String, String> parameterOverrides;
    private final Map<String, String> processEnvironment;
    private final boolean deployableJarOnly;

    /**
     * An invoker for {@code template}'s functions. {@code processEnvironment} supplies
     * {@code AWS_ENDPOINT_URL} (required), {@code AWS_REGION} (the primary region) and, if set,
     * credentials; {@code parameterOverrides} override the template's parameter defaults.
     */
    public FunctionInvoker(Template template, Map<String, String> parameterOverrides, Map<String, String> processEnvironment) {
        this(template, parameterOverrides, processEnvironment, false);
    }

    private FunctionInvoker(Template template, Map<String, String> parameterOverrides, Map<String, String> processEnvironment,
                            boolean deployableJarOnly) {
        this.template = template;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
        this.processEnvironment = Map.copyOf(processEnvironment);
        this.deployableJarOnly = deployableJarOnly;
    }

    /** This invoker, but loading every handler from its deployable jar even when the class path has it. */
    public FunctionInvoker fromDeployableJar() {
        return new FunctionInvoker(template, parameterOverrides, processEnvironment, true);
    }

    /**
     * Invokes the function with {@code eventJson}. {@code environmentOverrides} win over every
     * other variable. Whatever the handler throws is a {@link InvocationResult.Failure}; a function
     * that cannot be invoked at all (unknown id, no jar, no emulator endpoint) throws.
     */
    public InvocationResult invoke(String functionId, String eventJson, Map<String, String> environmentOverrides) {
        ServerlessFunction function = template.function(functionId);
        LocalNames names = namesFor(function);
        Map<String, String> environment = environment(function, names, environmentOverrides);
        String event = function.eventSource("SQS")
                .map(sqs -> SqsDelivery.of(eventJson, functionId, names.resolveText(sqs.properties().get("Queue")), names.region()))
                .orElse(eventJson);
        String functionName = environment.get("AWS_LAMBDA_FUNCTION_NAME");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(number(names.resolve(function.properties().get("Timeout")), DEFAULT_TIMEOUT_SECONDS)));
        int memory = Integer.parseInt(environment.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        String className = handlerClassName(function);

        PrintStream stdout = System.out;
        Thread thread = Thread.currentThread();
        ClassLoader callerLoader = thread.getContextClassLoader();
        URLClassLoader jarLoader = null;
        try {
            ClassLoader loader = callerLoader;
            if (deployableJarOnly || !loadable(className, callerLoader)) {
                jarLoader = deployableJarLoader(function);
                loader = jarLoader;
            }
            ReflectiveHandler handler = new ReflectiveHandler(loader, className);
            Object context = LocalContext.create(loader, functionName, names.arn(functionId), memory, deadline, UUID.randomUUID().toString());
            // before the handler class is initialised: loggers capture System.out when they start
            System.setOut(System.err);
            thread.setContextClassLoader(loader);
            return new InvocationResult.Success(handler.invoke(environment, event, context));
        } catch (InvocationTargetException e) {
            return InvocationResult.Failure.of(e.getCause());
        } catch (ExceptionInInitializerError e) {
            return InvocationResult.Failure.of(e.getCause() == null ? e : e.getCause());
        } catch (LinkageError e) {
            // a class the handler needs is missing or broken: Lambda reports that as the invocation's error too
            return InvocationResult.Failure.of(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot invoke " + functionId + " (" + function.handler() + "): " + e, e);
        } finally {
            System.setOut(stdout);
            thread.setContextClassLoader(callerLoader);
            close(jarLoader);
        }
    }

    /**
     * The event the function's handler gets for {@code eventJson}: for a function fed by SQS, a bare
     * EventBridge event becomes the body of one SQS record, as in {@link #invoke}.
     */
    public String deliveredEvent(String functionId, String eventJson) {
        ServerlessFunction function = template.function(functionId);
        LocalNames names = namesFor(function);
        return function.eventSource("SQS")
                .map(sqs -> SqsDelivery.of(eventJson, functionId, names.resolveText(sqs.properties().get("Queue")), names.region()))
                .orElse(eventJson);
    }

    /** The function's ARN in the emulator (what Lambda passes as the invoked function's ARN). */
    public String arn(String functionId) {
        return namesFor(template.function(functionId)).arn(functionId);
    }

    /** The function's timeout, from the template (Globals included). */
    public Duration timeout(String functionId) {
        ServerlessFunction function = template.function(functionId);
        return Duration.ofSeconds(number(namesFor(function).resolve(function.properties().get("Timeout")), DEFAULT_TIMEOUT_SECONDS));
    }

    /** The environment the function's handler gets (see {@link #invoke}). */
    public Map<String, String> environment(String functionId, Map<String, String> environmentOverrides) {
        ServerlessFunction function = template.function(functionId);
        return environment(function, namesFor(function), environmentOverrides);
    }

    private Map<String, String> environment(ServerlessFunction function, LocalNames names, Map<String, String> overrides) {
        String endpoint = processEnvironment.get("AWS_ENDPOINT_URL");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalStateException("AWS_ENDPOINT_URL is not set: a local invocation talks to the emulator. Start one "
                    + "(moto_server -p 5000) and export AWS_ENDPOINT_URL=http://127.0.0.1:5000, then create the resources with: bin/lifeboat up");
        }
        Map<String, String> environment = new LinkedHashMap<>(names.environment(function));
        environment.put("AWS_REGION", names.region());
        environment.put("AWS_DEFAULT_REGION", names.region());
        environment.put("AWS_ENDPOINT_URL", endpoint);
        environment.put("AWS_ACCESS_KEY_ID", processEnvironment.getOrDefault("AWS_ACCESS_KEY_ID", "test"));
        environment.put("AWS_SECRET_ACCESS_KEY", processEnvironment.getOrDefault("AWS_SECRET_ACCESS_KEY", "test"));
        if (processEnvironment.containsKey("AWS_SESSION_TOKEN")) {
            environment.put("AWS_SESSION_TOKEN", processEnvironment.get("AWS_SESSION_TOKEN"));
        }
        environment.put("AWS_LAMBDA_FUNCTION_NAME", names.physicalName(function.logicalId()));
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                Integer.toString(number(names.resolve(function.properties().get("MemorySize")), DEFAULT_MEMORY_MB)));
        environment.put("AWS_EMF_ENVIRONMENT", "Local");
        environment.putAll(overrides);
        return environment;
    }

    /** The stack the function is deployed in: primary unless only the recovery stack creates it. */
    private LocalNames namesFor(ServerlessFunction function) {
        for (StackRole role : StackRole.values()) {
            LocalNames names = new LocalNames(template, role, parameterOverrides, processEnvironment);
            if (names.deploys(function)) {
                return names;
            }
        }
        throw new IllegalArgumentException(function.logicalId() + " is in neither stack with these parameters (Condition "
                + function.condition().orElse("") + ")");
    }

    private static String handlerClassName(ServerlessFunction function) {
        String handler = function.handler();
        int separator = handler.indexOf("::");
        if (separator >= 0 && !handler.substring(separator + 2).equals("handleRequest")) {
            throw new IllegalArgumentException(function.logicalId() + " names handler " + handler
                    + ": a locally invoked handler implements RequestHandler, so its method is handleRequest");
        }
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    private static boolean loadable(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The deployable jar on its own, as Lambda runs it, plus the runtime's serialization library
     * (which Lambda's runtime provides and the jar does not carry).
     */
    private URLClassLoader deployableJarLoader(ServerlessFunction function) {
        Path jar = template.directory().resolve(function.codeUri()).normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(function.logicalId() + "'s handler " + function.handler() + " is not on the class path and its jar "
                    + jar + " does not exist: build it with 'mvn -q -DskipTests install' in " + template.directory()
                    + " (bin/lifeboat builds what it needs)");
        }
        try {
            URL serialization = LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation();
            return new URLClassLoader(function.logicalId(), new URL[] {jar.toUri().toURL(), serialization},
                    ClassLoader.getPlatformClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException("Cannot load " + jar + ": " + e.getMessage(), e);
        }
    }

    private static int number(Object value, int fallback) {
        return value == null ? fallback : Integer.parseInt(String.valueOf(value));
    }

    private static void close(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
