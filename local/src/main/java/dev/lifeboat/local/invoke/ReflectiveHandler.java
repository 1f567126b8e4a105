package dev.lifeboat.local.invoke;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A Lifeboat handler ({@code RequestHandler<I, O>} with a public constructor taking the
 * environment) driven by reflection, so that it may live in another class loader with its own
 * aws-lambda-java-core, Jackson and SDK. Its event and result are (de)serialized as the Lambda
 * Java runtime does it: aws-lambda-java-serialization's event serializers for
 * {@code com.amazonaws.services.lambda.runtime.events} types, its Jackson for the rest.
 */
final class ReflectiveHandler {

    private static final String RUNTIME = "com.amazonaws.services.lambda.runtime.";
    private static final String SERIALIZATION = RUNTIME + "serialization.";

    private final ClassLoader loader;
    private final Class<?> handlerClass;
    private final Class<?> requestHandler;
    private final Type inputType;
    private final Type outputType;

    /** Checks the handler's shape without initialising it: that happens on {@link #invoke}. */
    ReflectiveHandler(ClassLoader loader, String className) throws ClassNotFoundException {
        this.loader = loader;
        this.handlerClass = Class.forName(className, false, loader);
        this.requestHandler = loader.loadClass(RUNTIME + "RequestHandler");
        if (!requestHandler.isAssignableFrom(handlerClass)) {
            throw new IllegalArgumentException(className + " does not implement " + requestHandler.getName());
        }
        Type[] types = requestHandlerTypes(handlerClass, requestHandler);
        this.inputType = types[0];
        this.outputType = types[1];
    }

    /**
     * Initialises and constructs the handler, deserializes the event, calls {@code handleRequest}
     * and serializes its result. Whatever the handler's code throws comes out as an
     * {@link InvocationTargetException} or {@link ExceptionInInitializerError}.
     */
    String invoke(Map<String, String> environment, String eventJson, Object context) throws ReflectiveOperationException {
        Class.forName(handlerClass.getName(), true, loader);
        Constructor<?> constructor;
        try {
            constructor = handlerClass.getConstructor(Map.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(handlerClass.getName()
                    + " needs a public constructor taking Map<String, String> (the environment) to be invoked locally", e);
        }
        Object handler = constructor.newInstance(Map.copyOf(environment));
        Object input = deserialize(eventJson);
        Method handleRequest = requestHandler.getMethod("handleRequest", Object.class, loader.loadClass(RUNTIME + "Context"));
        Object output = handleRequest.invoke(handler, input, context);
        return serialize(output);
    }

    private Object deserialize(String json) throws ReflectiveOperationException {
        return pojoSerializer().getMethod("fromJson", String.class).invoke(serializerFor(inputType), json);
    }

    private String serialize(Object output) throws ReflectiveOperationException {
        if (output == null) {
            return "null";
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        pojoSerializer().getMethod("toJson", Object.class, OutputStream.class).invoke(serializerFor(outputType), output, json);
        return json.toString(StandardCharsets.UTF_8);
    }

    private Object serializerFor(Type type) throws ReflectiveOperationException {
        Class<?> events = loader.loadClass(SERIALIZATION + "events.LambdaEventSerializers");
        if (type instanceof Class<?> eventClass
                && (Boolean) events.getMethod("isLambdaSupportedEvent", String.class).invoke(null, eventClass.getName())) {
            return events.getMethod("serializerFor", Class.class, ClassLoader.class).invoke(null, eventClass, loader);
        }
        Class<?> jackson = loader.loadClass(SERIALIZATION + "factories.JacksonFactory");
        Object factory = jackson.getMethod("getInstance").invoke(null);
        return jackson.getMethod("getSerializer", Type.class).invoke(factory, type);
    }

    private Class<?> pojoSerializer() throws ClassNotFoundException {
        return loader.loadClass(SERIALIZATION + "PojoSerializer");
    }

    /** {@code I} and {@code O} of the {@code RequestHandler<I, O>} the class or a superclass implements. */
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
