package dev.lifeboat.startrestore;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * {@link RestoreExecutions} on Step Functions. An execution name is unique per state machine for
 * 90 days, so the name carries the idempotency: an execution of that name is looked up first, and
 * a start that races another is refused by Step Functions as {@code ExecutionAlreadyExists}.
 */
public final class StepFunctionsRestoreExecutions implements RestoreExecutions {

    private final SfnClient sfn;
    private final String stateMachineArn;

    public StepFunctionsRestoreExecutions(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public Started start(String name, String input) {
        String existing = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
        try {
            sfn.describeExecution(r -> r.executionArn(existing));
            return new Started(existing, false);
        } catch (ExecutionDoesNotExistException e) {
            // not started yet
        }
        try {
            return new Started(sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(input)).executionArn(), true);
        } catch (ExecutionAlreadyExistsException e) {
            return new Started(existing, false);
        }
    }
}
