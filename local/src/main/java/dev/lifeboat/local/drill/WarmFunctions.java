package dev.lifeboat.local.drill;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.template.ServerlessFunction;
import dev.lifeboat.local.template.Template;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The drill's functions as Lambda runs them between events: each function (per stack) keeps its
 * execution environment: its deployable jar in a class loader of its own and one handler
 * instance, built on the first event and reused for the next ones (a warm start). A drill sends
 * dozens of events through the same few functions; a cold start for each would cost minutes.
 * The event and result are (de)serialized by the Lambda runtime's serialization library, as
 * {@code FunctionInvoker} does.
 */
final class WarmFunctions implements AutoCloseable {

    private static final String RUNTIME = "com.amazonaws.services.lambda.runtime.";
    private static final String SERIALIZATION = RUNTIME + "serialization.";

    private final Template template;
    private final Map<String, Environment> environments = new HashMap<>();

    WarmFunctions(Template template) {
        this.template = template;
    }

    /** Runs the function's handler with the event: in its existing environment for {@code key}, else in a new one built with {@code variables}. */
    synchronized InvocationResult invoke(String key, String functionId, String eventJson, Map<String, String> variables) {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        try {
            Environment environment = environments.get(key);
            if (environment == null) {
                environment = Environment.create(template.function(functionId), template.directory(), variables);
                environments.put(key, environment);
            }
            thread.setContextClassLoader(environment.loader);
            return new InvocationResult.Success(environment.handle(eventJson, variables));
        } catch (InvocationTargetException e) {
            return failure(e.getCause());
        } catch (ExceptionInInitializerError e) {
            environments.remove(key);
            return failure(e.getCause() == null ? e : e.getCause());
        } catch (LinkageError e) {
            return failure(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot invoke " + functionId + ": " + e, e);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    @Override
    public synchronized void close() {
        environments.values().forEach(environment -> {
            try {
                environment.loader.close();
            } catch (IOException e) {
                // closing a jar we only read
            }
        });
        environments.clear();
    }

    private static InvocationResult.Failure failure(Throwable cause) {
        return new InvocationResult.Failure(cause.getClass().getName(), String.valueOf(cause.getMessage()),
                Arrays.stream(cause.getStackTrace()).map(StackTraceElement::toString).toList(), cause);
    }

    /** One function's execution environment: class loader, handler instance, serializers. */
    private record Environment(URLClassLoader loader, Object handler, Method handleRequest, Class<?> contextType,
                               Object inputSerializer, Object outputSerializer, Method fromJson, Method toJson) {

        static Environment create(ServerlessFunction function, Path directory, Map<String, String> variables)
                throws ReflectiveOperationException {
            Path jar = directory.resolve(function.codeUri()).normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(function.logicalId() + "'s jar " + jar + " does not exist: build it with "
                        + "'mvn -q -DskipTests install' (bin/lifeboat builds what it needs)");
            }
            URLClassLoader loader;
            try {
                URL serialization = LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation();
                loader = new URLClassLoader(function.logicalId(), new URL[] {jar.toUri().toURL(), serialization}, ClassLoader.getPlatformClassLoader());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("Cannot load " + jar + ": " + e.getMessage(), e);
            }
            String handlerName = function.handler();
            String className = handlerName.contains("::") ? handlerName.substring(0, handlerName.indexOf("::")) : handlerName;
            try {
                return create(function, loader, className, variables);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                try {
                    loader.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }

        private static Environment create(ServerlessFunction function, URLClassLoader loader, String className, Map<String, String> variables)
                throws ReflectiveOperationException {
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> handlerClass = Class.forName(className, true, loader);
            Class<?> requestHandler = loader.loadClass(RUNTIME + "RequestHandler");
            Type[] types = requestHandlerTypes(handlerClass, requestHandler);
            Object handler = handlerClass.getConstructor(Map.class).newInstance(Map.copyOf(variables));
            Class<?> contextType = loader.loadClass(RUNTIME + "Context");
            Class<?> pojoSerializer = loader.loadClass(SERIALIZATION + "PojoSerializer");
            return new Environment(loader, handler, requestHandler.getMethod("handleRequest", Object.class, contextType), contextType,
                    serializer(loader, types[0]), serializer(loader, types[1]),
                    pojoSerializer.getMethod("fromJson", String.class), pojoSerializer.getMethod("toJson", Object.class, OutputStream.class));
        }

        String handle(String eventJson, Map<String, String> variables) throws ReflectiveOperationException {
            Object input = fromJson.invoke(inputSerializer, eventJson);
            Object output = handleRequest.invoke(handler, input, context(variables));
            if (output == null) {
                return "null";
            }
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            toJson.invoke(outputSerializer, output, json);
            return json.toString(StandardCharsets.UTF_8);
        }

        private Object context(Map<String, String> variables) throws ClassNotFoundException {
            String requestId = UUID.randomUUID().toString();
            String name = variables.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "function");
            long deadline = System.currentTimeMillis() + 900_000;
            Class<?> loggerType = loader.loadClass(RUNTIME + "LambdaLogger");
            Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, method, args) -> {
                if (method.getName().equals("log") && args != null && args.length > 0) {
                    String message = args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(args[0]);
                    System.err.print(message.endsWith("\n") ? message : message + "\n");
                }
                return method.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args) : null;
            });
            return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) -> switch (method.getName()) {
                case "getAwsRequestId" -> requestId;
                case "getLogGroupName" -> "/aws/lambda/" + name;
                case "getLogStreamName" -> "drill/[$LATEST]" + requestId.replace("-", "");
                case "getFunctionName" -> name;
                case "getFunctionVersion" -> "$LATEST";
                case "getInvokedFunctionArn" -> "arn:aws:lambda:" + variables.getOrDefault("AWS_REGION", "us-east-1") + ":123456789012:function:" + name;
                case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline - System.currentTimeMillis());
                case "getMemoryLimitInMB" -> Integer.parseInt(variables.getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"));
                case "getLogger" -> logger;
                case "toString" -> "Context (lifeboat drill)";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> method.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args) : null;
            });
        }

        private static Object serializer(ClassLoader loader, Type type) throws ReflectiveOperationException {
            Class<?> events = loader.loadClass(SERIALIZATION + "events.LambdaEventSerializers");
            if (type instanceof Class<?> eventClass
                    && (Boolean) events.getMethod("isLambdaSupportedEvent", String.class).invoke(null, eventClass.getName())) {
                return events.getMethod("serializerFor", Class.class, ClassLoader.class).invoke(null, eventClass, loader);
            }
            Class<?> jackson = loader.loadClass(SERIALIZATION + "factories.JacksonFactory");
            Object factory = jackson.getMethod("getInstance").invoke(null);
            return jackson.getMethod("getSerializer", Type.class).invoke(factory, type);
        }

        private static Type[] requestHandlerTypes(Class<?> handlerClass, Class<?> requestHandler) {
            for (Class<?> type = handlerClass; type != null; type = type.getSuperclass()) {
                for (Type implemented : type.getGenericInterfaces()) {
                    if (implemented instanceof ParameterizedType parameterized && parameterized.getRawType() == requestHandler) {
                        Type[] arguments = parameterized.getActualTypeArguments();
                        return new Type[] {concrete(arguments[0]), concrete(arguments[1])};
                    }
                }
            }
            return new Type[] {Object.class, Object.class};
        }

        private static Type concrete(Type type) {
            return type instanceof TypeVariable<?> ? Object.class : type;
        }
    }
}
