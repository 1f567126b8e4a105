package dev.lifeboat.startrestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.frontdoor.FrontDoorExtension;
import dev.lifeboat.shared.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Where moto 5.2.1's state machine interpreter differs from AWS in what the restore workflow
 * uses. Each test pins moto's behaviour and names the form the template uses instead, so that the
 * day moto changes, the workaround can go.
 */
@ExtendWith(FrontDoorExtension.class)
class MotoStepFunctionsQuirksTest {

    private SfnClient sfn;
    private Emulator emulator;

    @BeforeEach
    void setUp(Emulator emulator) {
        this.emulator = emulator;
        this.sfn = emulator.client(SfnClient.builder(), Emulator.RECOVERY);
    }

    @Test
    void motoPassesNoApiParametersToAnSdkTaskWithoutParametersWhereAwsPassesItsEffectiveInput() {
        // AWS: a Task without Parameters sends its (InputPath-selected) input as the API request.
        // moto: it sends nothing. The template therefore names every API parameter in Parameters,
        // and the resolver always provides each one, defaults spelled out.
        String snapshot = snapshotInRecoveryRegion();
        List<HistoryEvent> history = run("""
                {"StartAt": "CreateVolume", "States": {"CreateVolume": {"Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:ec2:createVolume", "InputPath": "$.request", "End": true}}}""",
                "{\"request\": {\"SnapshotId\": \"" + snapshot + "\", \"AvailabilityZone\": \"us-west-2a\"}}").history();

        assertThat(history).anySatisfy(event -> assertThat(event.taskFailedEventDetails()).isNotNull()
                .satisfies(failure -> assertThat(failure.cause()).contains("must contain the parameter size/snapshot")));
    }

    @Test
    void motoFailsAFailStateWhoseErrorPathNamesAStatesError() {
        // AWS: a Fail state's ErrorPath may yield any text, States.Runtime included.
        // moto: it rejects names starting with 'States.', so a caught States.* error re-raised
        // through RestoreFailed ends the execution with moto's ValueError instead.
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Fail", "States": {"Fail": {"Type": "Fail", "ErrorPath": "$.error", "CausePath": "$.cause"}}}""",
                "{\"error\": \"States.Runtime\", \"cause\": \"a path was missing\"}").execution();

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.cause()).contains("Custom Error Names MUST NOT begin with the prefix 'States.'");
    }

    @Test
    void motoTakesRdsApiNamesWhereAwsTakesSdkMemberNames() throws Exception {
        // AWS: aws-sdk:rds tasks take and return the AWS SDK for Java v2 member names
        // (DbSnapshotIdentifier, $.DbSnapshots). moto 5.2 passes parameters to boto3, which takes
        // only the RDS API reference's names, and returns boto3's. The template is written for AWS;
        // RestoreWorkflow gives moto the definition rewritten by MotoRdsSpelling.
        String snapshot = rdsSnapshotInRecoveryRegion();
        Ran sdkNames = run("""
                {"StartAt": "Describe", "States": {"Describe": {"Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:rds:describeDBSnapshots",
                  "Parameters": {"DbSnapshotIdentifier": "%s"}, "End": true}}}""".formatted(snapshot), "{}");
        Ran apiNames = run("""
                {"StartAt": "Describe", "States": {"Describe": {"Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:rds:describeDBSnapshots",
                  "Parameters": {"DBSnapshotIdentifier": "%s"},
                  "ResultSelector": {"id.$": "States.ArrayGetItem($.DBSnapshots[*].DBSnapshotIdentifier, 0)"}, "End": true}}}"""
                .formatted(snapshot), "{}");

        assertThat(sdkNames.execution().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sdkNames.history()).anySatisfy(event -> assertThat(event.taskFailedEventDetails()).isNotNull()
                .satisfies(failure -> assertThat(failure.cause()).contains("DbSnapshotIdentifier")));
        assertThat(apiNames.execution().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.MAPPER.readTree(apiNames.execution().output()).path("id").asText()).isEqualTo(snapshot);
    }

    private String rdsSnapshotInRecoveryRegion() {
        RdsClient rds = emulator.client(RdsClient.builder(), Emulator.RECOVERY);
        rds.createDBInstance(r -> r.dbInstanceIdentifier("quirk-db").engine("postgres").dbInstanceClass("db.t4g.micro")
                .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20));
        return rds.createDBSnapshot(r -> r.dbInstanceIdentifier("quirk-db").dbSnapshotIdentifier("quirk-snapshot"))
                .dbSnapshot().dbSnapshotIdentifier();
    }

    private String snapshotInRecoveryRegion() {
        Ec2Client ec2 = emulator.client(Ec2Client.builder(), Emulator.RECOVERY);
        String volume = ec2.createVolume(r -> r.availabilityZone("us-west-2a").size(1)).volumeId();
        return ec2.createSnapshot(r -> r.volumeId(volume)).snapshotId();
    }

    /** An execution once it ended, read before its state machine is deleted. */
    private record Ran(DescribeExecutionResponse execution, List<HistoryEvent> history) {
    }

    private Ran run(String definition, String input) {
        String machine = sfn.createStateMachine(r -> r.name("quirk-" + System.nanoTime()).definition(definition)
                .roleArn("arn:aws:iam::123456789012:role/quirk")).stateMachineArn();
        try {
            String execution = sfn.startExecution(r -> r.stateMachineArn(machine).name("quirk").input(input)).executionArn();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (sfn.describeExecution(r -> r.executionArn(execution)).status() == ExecutionStatus.RUNNING
                    && Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
            return new Ran(sfn.describeExecution(r -> r.executionArn(execution)), sfn.getExecutionHistory(r -> r.executionArn(execution)).events());
        } finally {
            sfn.deleteStateMachine(r -> r.stateMachineArn(machine));
        }
    }
}
