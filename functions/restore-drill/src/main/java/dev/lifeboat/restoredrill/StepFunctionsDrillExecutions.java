package dev.lifeboat.restoredrill;

import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * {@link DrillExecutions} on the restore state machine. An execution name is unique per state
 * machine for 90 days: a start under a name that exists (Step Functions answers
 * {@code ExecutionAlreadyExists}, or the running execution itself when the input is the same) is
 * the drill already started.
 */
public final class StepFunctionsDrillExecutions implements DrillExecutions {

    private final SfnClient sfn;
    private final String stateMachineArn;

    public StepFunctionsDrillExecutions(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public int runningDrills() {
        int running = 0;
        String token = null;
        do {
            String next = token;
            ListExecutionsResponse page = sfn.listExecutions(r -> r.stateMachineArn(stateMachineArn).statusFilter(ExecutionStatus.RUNNING)
                    .maxResults(1000).nextToken(next));
            running += (int) page.executions().stream().filter(execution -> execution.name().startsWith(DrillNames.PREFIX)).count();
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return running;
    }

    @Override
    public Started start(String name, String input) {
        String arn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
        try {
            return new Started(arn, sfn.describeExecution(r -> r.executionArn(arn)).startDate(), false);
        } catch (ExecutionDoesNotExistException e) {
            // not started yet
        }
        try {
            var started = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(input));
            return new Started(started.executionArn(), started.startDate(), true);
        } catch (ExecutionAlreadyExistsException e) {
            return new Started(arn, sfn.describeExecution(r -> r.executionArn(arn)).startDate(), false);
        }
    }

    @Override
    public Described describe(String executionArn) {
        DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn));
        return new Described(execution.executionArn(), execution.name(), execution.statusAsString(), execution.startDate(),
                Optional.ofNullable(execution.stopDate()), execution.input() == null ? "{}" : execution.input(),
                Optional.ofNullable(execution.output()), Optional.ofNullable(execution.error()), Optional.ofNullable(execution.cause()));
    }
}
