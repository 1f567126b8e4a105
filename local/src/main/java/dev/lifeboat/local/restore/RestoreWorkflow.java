package dev.lifeboat.local.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Runs the template's restore state machine ({@value #STATE_MACHINE}) in the emulator's recovery
 * region, the way the harness must for moto 5.2's interpreter: the state machine is created from
 * {@code template.yaml} for each execution and deleted once the execution has ended and its
 * history is read (moto fails the next StartExecution in a region while an earlier execution's
 * state machine exists), and executions run one at a time.
 */
public final class RestoreWorkflow {

    public static final String STATE_MACHINE = "RestoreStateMachine";

    /** How an execution ended; {@code states} are the names of the states it entered, in order. */
    public record Execution(String arn, ExecutionStatus status, Optional<String> output, Optional<String> error,
                            Optional<String> cause, List<String> states, List<HistoryEvent> history) {

        public boolean succeeded() {
            return status == ExecutionStatus.SUCCEEDED;
        }
    }

    private static final Object ONE_AT_A_TIME = new Object();

    private final LocalNames names;
    private final Template.Resource stateMachine;
    private final SfnClient sfn;
    private final Duration timeout;

    /** The workflow of {@code template}'s recovery stack; {@code sfn} is a client for the recovery region. */
    public RestoreWorkflow(Template template, Map<String, String> parameterOverrides, Map<String, String> environment,
                           SfnClient sfn, Duration timeout) {
        this.names = new LocalNames(template, StackRole.RECOVERY, parameterOverrides, environment);
        this.stateMachine = template.resource(STATE_MACHINE);
        this.sfn = sfn;
        this.timeout = timeout;
    }

    /** The recovery stack's region. */
    public String region() {
        return names.region();
    }

    /** The definition as deployed on AWS: the template's, with its {@code DefinitionSubstitutions} put in, as JSON. */
    public String definition() {
        Object definition = names.resolve(stateMachine.properties().get("Definition"));
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The state machine definition cannot be written as JSON", e);
        }
        Object substitutions = names.resolve(stateMachine.properties().getOrDefault("DefinitionSubstitutions", Map.of()));
        if (substitutions instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> substitution : map.entrySet()) {
                json = json.replace("${" + substitution.getKey() + "}", String.valueOf(substitution.getValue()));
            }
        }
        return json;
    }

    /**
     * The definition as the emulator must be given it: {@link #definition()} with its
     * {@code aws-sdk:rds} tasks spelled the way moto's interpreter takes them ({@link MotoRdsSpelling}).
     */
    public String emulatorDefinition() {
        try {
            return Json.MAPPER.writeValueAsString(MotoRdsSpelling.forMoto(Json.MAPPER.readTree(definition())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The state machine definition cannot be rewritten for the emulator", e);
        }
    }

    /** Runs one execution named {@code name} with {@code input} to its end; {@code progress} hears each state as it is entered. */
    public Execution run(String name, String input, Consumer<String> progress) {
        synchronized (ONE_AT_A_TIME) {
            String stateMachineArn = sfn.createStateMachine(r -> r.name(names.physicalName(STATE_MACHINE))
                    .definition(emulatorDefinition())
                    .roleArn(names.resolveText(stateMachine.properties().get("RoleArn")))).stateMachineArn();
            try {
                String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(input)).executionArn();
                return follow(executionArn, progress);
            } finally {
                sfn.deleteStateMachine(r -> r.stateMachineArn(stateMachineArn));
            }
        }
    }

    private Execution follow(String executionArn, Consumer<String> progress) {
        Instant deadline = Instant.now().plus(timeout);
        List<HistoryEvent> history = new ArrayList<>();
        DescribeExecutionResponse execution;
        while (true) {
            execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            List<HistoryEvent> events = history(executionArn);
            events.subList(history.size(), events.size()).forEach(event -> describe(event).ifPresent(progress));
            history = events;
            if (execution.status() != ExecutionStatus.RUNNING) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Execution " + executionArn + " is still running after " + timeout.toSeconds()
                        + " s; entered so far: " + entered(history));
            }
            pause();
        }
        return new Execution(executionArn, execution.status(), Optional.ofNullable(execution.output()),
                Optional.ofNullable(execution.error()), Optional.ofNullable(execution.cause()), entered(history), List.copyOf(history));
    }

    private List<HistoryEvent> history(String executionArn) {
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(r -> r.executionArn(executionArn).nextToken(next).maxResults(1000));
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return events;
    }

    private static List<String> entered(List<HistoryEvent> history) {
        return history.stream().filter(event -> event.stateEnteredEventDetails() != null)
                .map(event -> event.stateEnteredEventDetails().name()).toList();
    }

    /** A line for a person following the execution: entered states, failures, the end. */
    private static Optional<String> describe(HistoryEvent event) {
        HistoryEventType type = event.type();
        if (event.stateEnteredEventDetails() != null) {
            return Optional.of("→ " + event.stateEnteredEventDetails().name());
        }
        if (type == HistoryEventType.TASK_FAILED && event.taskFailedEventDetails() != null) {
            return Optional.of("  task failed: " + event.taskFailedEventDetails().error() + ": " + event.taskFailedEventDetails().cause());
        }
        if (type == HistoryEventType.LAMBDA_FUNCTION_FAILED && event.lambdaFunctionFailedEventDetails() != null) {
            return Optional.of("  function failed: " + event.lambdaFunctionFailedEventDetails().error());
        }
        if (type == HistoryEventType.EXECUTION_SUCCEEDED) {
            return Optional.of("✓ succeeded");
        }
        if (type == HistoryEventType.EXECUTION_FAILED && event.executionFailedEventDetails() != null) {
            return Optional.of("✗ failed: " + event.executionFailedEventDetails().error() + ": " + event.executionFailedEventDetails().cause());
        }
        return Optional.empty();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following the execution", e);
        }
    }
}
