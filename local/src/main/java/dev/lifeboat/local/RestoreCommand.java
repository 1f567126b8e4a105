package dev.lifeboat.local;

import dev.lifeboat.local.frontdoor.FrontDoor;
import dev.lifeboat.local.frontdoor.FrontDoorExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.restore.RestoreWorkflow;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code bin/lifeboat restore}: runs the restore workflow in the emulator and follows it. Moto's
 * interpreter sends the workflow's calls to its {@code MOTO_PORT}; this command opens the front
 * door there for the run, so that the Lambda tasks run the deployable jars in this JVM.
 */
final class RestoreCommand {

    private RestoreCommand() {
    }

    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        String name = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--name") || arg.equals("--parameter")) {
                if (i + 1 >= args.size()) {
                    throw new Lifeboat.UsageException(arg + " needs a value");
                }
                String value = args.get(++i);
                if (arg.equals("--name")) {
                    name = value;
                } else {
                    Lifeboat.Options.put(parameters, arg, value);
                }
            } else if (arg.startsWith("--")) {
                throw new Lifeboat.UsageException("Unknown option " + arg);
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() != 1) {
            throw new Lifeboat.UsageException("restore takes one restore request file, such as events/restore-request-ebs-volume.json");
        }
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalStateException("AWS_ENDPOINT_URL is not set: restore runs the workflow in the emulator it names");
        }
        String motoPort = environment.get("MOTO_PORT");
        if (motoPort == null || !motoPort.matches("\\d{1,5}") || URI.create(endpoint).getPort() == Integer.parseInt(motoPort)) {
            throw new IllegalStateException("MOTO_PORT must name the free port the emulator was started to call, other than its own:"
                    + " MOTO_PORT=5001 moto_server -p 5000, then export MOTO_PORT=5001 here");
        }
        Path root = RepoRoot.find(environment, Path.of(System.getProperty("user.dir")));
        Template template = Template.loadFrom(root);
        String request = read(positional.get(0), root);
        if (name == null) {
            name = Json.MAPPER.valueToTree(parse(request)).path("requestId").asText("restore-" + System.currentTimeMillis());
        }
        configure(URI.create(endpoint));
        String executionName = name;
        try (FrontDoor door = FrontDoor.start(Integer.parseInt(motoPort), URI.create(endpoint), template,
                overrides -> new FunctionInvoker(template, overrides, environment).fromDeployableJar())) {
            door.useParameters(parameters);
            AwsClientFactory clients = new AwsClientFactory(environment);
            String region = new LocalNames(template, StackRole.RECOVERY,
                    parameters, environment).region();
            RestoreWorkflow workflow = new RestoreWorkflow(template, parameters, environment,
                    clients.client(SfnClient.builder(), "SFN", Region.of(region)), Duration.ofHours(6));
            err.println("lifeboat: restoring in " + workflow.region() + " as execution " + executionName);
            RestoreWorkflow.Execution execution = workflow.run(executionName, request, out::println);
            execution.output().ifPresent(output -> out.println(pretty(output)));
            if (!execution.succeeded()) {
                err.println("lifeboat: the restore " + execution.status() + ": " + execution.error().orElse("") + ": " + execution.cause().orElse(""));
                return 1;
            }
            return 0;
        }
    }

    private static Object parse(String request) {
        try {
            return Json.MAPPER.readTree(request);
        } catch (IOException e) {
            throw new Lifeboat.UsageException("The restore request is not JSON: " + e.getMessage());
        }
    }

    private static String read(String name, Path root) {
        Path file = Path.of(name);
        if (!Files.isRegularFile(file) && !file.isAbsolute() && Files.isRegularFile(root.resolve(name))) {
            file = root.resolve(name);
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new Lifeboat.UsageException("Cannot read restore request " + name + ": " + e);
        }
    }

    /** Switches on moto's state machine interpreter. */
    private static void configure(URI endpoint) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/config"))
                    .POST(HttpRequest.BodyPublishers.ofString(FrontDoorExtension.EXECUTE_STATE_MACHINES)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("the emulator refused its configuration: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the emulator at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pretty(String json) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(json));
        } catch (IOException e) {
            return json;
        }
    }
}
