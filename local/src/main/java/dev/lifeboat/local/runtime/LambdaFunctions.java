package dev.lifeboat.local.runtime;

import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.template.ServerlessFunction;
import dev.lifeboat.local.template.Template;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's functions as Lambda runs them: each function's deployable jar ({@code CodeUri})
 * extracted as the task root, its handler started by the real Runtime Interface Client in a fresh
 * JVM, with the template's environment for it resolved to the emulator's names (as
 * {@link FunctionInvoker} resolves it). Every start is a cold start; nothing is shared between two
 * environments but the task roots, which are extracted once per jar and only read.
 */
public final class LambdaFunctions implements AutoCloseable {

    /** Time for a JVM to start and load a function on a busy 2-core machine. */
    public static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);

    private static final String EMF_ENVIRONMENT = "AWS_EMF_ENVIRONMENT";

    private final Template template;
    private final FunctionInvoker invoker;
    private final RuntimeInterfaceClient client;
    private final Path workFolder;
    private final Map<Path, TaskRoot> taskRoots = new HashMap<>();

    /**
     * Functions of {@code template}, pointed at the emulator named in {@code processEnvironment}
     * ({@code AWS_ENDPOINT_URL}, {@code AWS_REGION}), started by {@code client}; task roots and logs
     * go under {@code workFolder}.
     */
    public LambdaFunctions(Template template, Map<String, String> parameterOverrides, Map<String, String> processEnvironment,
                           RuntimeInterfaceClient client, Path workFolder) {
        this.template = template;
        this.invoker = new FunctionInvoker(template, parameterOverrides, processEnvironment);
        this.client = client;
        this.workFolder = workFolder.toAbsolutePath().normalize();
    }

    /**
     * The template's functions against the emulator in {@code processEnvironment}, started by the
     * client the build put next to the template (or {@value RuntimeInterfaceClient#FOLDER_VARIABLE}),
     * with this JVM's JDK (or {@value RuntimeInterfaceClient#JAVA_HOME_VARIABLE}); task roots and
     * logs go to {@code target/lambda-runtime} under the working directory.
     */
    public static LambdaFunctions against(Template template, Map<String, String> processEnvironment) {
        return new LambdaFunctions(template, Map.of(), processEnvironment, RuntimeInterfaceClient.of(template.directory(), System.getenv()),
                Path.of("target", "lambda-runtime"));
    }

    /** Every {@code AWS::Serverless::Function} of the template, by logical id. */
    public List<String> functionIds() {
        return template.resources().values().stream()
                .filter(resource -> resource.type().equals(ServerlessFunction.TYPE))
                .map(Template.Resource::logicalId)
                .toList();
    }

    /** What Lambda knows of {@code functionId} when it starts an environment for it; {@code overrides} win over the template's variables. */
    public ExecutionEnvironment.Function function(String functionId, Map<String, String> overrides) {
        ServerlessFunction function = template.function(functionId);
        Map<String, String> variables = new HashMap<>(invoker.environment(functionId, overrides));
        // the in-process invoker tells the EMF library it runs locally; Lambda sets no such variable
        if (!function.environment().containsKey(EMF_ENVIRONMENT) && !overrides.containsKey(EMF_ENVIRONMENT)) {
            variables.remove(EMF_ENVIRONMENT);
        }
        Path jar = template.directory().resolve(function.codeUri()).normalize();
        TaskRoot taskRoot = taskRoots.computeIfAbsent(jar, path -> TaskRoot.extract(path, workFolder));
        return new ExecutionEnvironment.Function(variables.get("AWS_LAMBDA_FUNCTION_NAME"), invoker.arn(functionId), function.handler(),
                taskRoot.directory(), variables, Integer.parseInt(variables.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")),
                invoker.timeout(functionId));
    }

    /** Starts a cold environment for {@code functionId}. */
    public ExecutionEnvironment start(String functionId, Map<String, String> overrides) {
        return ExecutionEnvironment.start(client, function(functionId, overrides), workFolder);
    }

    /** The event {@code functionId}'s handler gets for {@code eventJson} (an EventBridge event becomes an SQS record for a queue-fed function). */
    public String deliveredEvent(String functionId, String eventJson) {
        return invoker.deliveredEvent(functionId, eventJson);
    }

    /** A cold start of {@code functionId} handling {@code eventJson}, measured; the environment is ended afterwards. */
    public ColdStart coldStart(String functionId, String eventJson, Map<String, String> overrides) {
        return measure(client, function(functionId, overrides), deliveredEvent(functionId, eventJson), workFolder);
    }

    /** A cold start of any {@code function} (a handler outside the template too) handling {@code event} as delivered, measured. */
    public static ColdStart measure(RuntimeInterfaceClient client, ExecutionEnvironment.Function function, String event, Path workFolder) {
        try (ExecutionEnvironment environment = ExecutionEnvironment.start(client, function, workFolder)) {
            Duration init = environment.awaitInit(INIT_TIMEOUT);
            ExecutionEnvironment.Invoked invoked = environment.invoke(event);
            return new ColdStart(init, invoked.duration(), environment.peakRssBytes(), invoked);
        }
    }

    public RuntimeInterfaceClient client() {
        return client;
    }

    /** Deletes the extracted task roots. */
    @Override
    public void close() {
        taskRoots.values().forEach(TaskRoot::close);
        taskRoots.clear();
    }
}
