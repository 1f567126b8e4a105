package dev.lifeboat.restoredrill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.Emf;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An event the drill function cannot read is rejected with a logged error naming the field, and
 * answered (not thrown: EventBridge would only retry it); nothing is started, cleaned up or reported.
 */
class MalformedDrillEventsTest {

    private static final String FAILED = DrillEstate.resource("events/stepfunctions-drill-execution-failed.json");
    private static final String RESTORE_TEST = DrillEstate.resource("events/backup-restore-testing-job-completed.json");

    private final RestoreDrillHandler handler = new RestoreDrillHandler(untouched(), untouched(), untouched(), "Lifeboat", "us-west-2");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty object                          | {}                                                                        | field 'source'
            unknown action                        | {"action": "start-drill"}                                                 | field 'action'
            unknown event                         | {"source": "aws.ec2", "detail-type": "EBS Snapshot Notification", "detail": {}} | field 'detail-type'
            no detail                             | {"source": "aws.states", "detail-type": "Step Functions Execution Status Change"} | field 'detail'
            execution ARN missing                 | FAILED:"executionArn": "arn:aws:states:us-west-2:111122223333:execution:lifeboat-restore:drill-20250311-3f2a9c1b0d4e"=>"executionArn": 7 | field 'detail.executionArn'
            execution ARN not an ARN              | FAILED:"executionArn": "arn:aws:states:us-west-2:111122223333:execution:lifeboat-restore:drill-20250311-3f2a9c1b0d4e"=>"executionArn": "drill-1" | field 'detail.executionArn'
            name not the ARN's                    | FAILED:"name": "drill-20250311-3f2a9c1b0d4e"=>"name": "drill-other" | field 'detail.name'
            execution still running               | FAILED:"status": "FAILED"=>"status": "RUNNING"                          | field 'detail.status'
            restore job not completed             | RESTORE_TEST:"status": "COMPLETED"=>"status": "RUNNING"                 | field 'detail.status'
            restore job without testing plan      | RESTORE_TEST:"restoreTestingPlanArn"=>"someOtherField"                  | field 'detail.restoreTestingPlanArn'
            restore job id malformed              | RESTORE_TEST:"7D3E1C2B-5A4F-4E6D-9C8B-0A1B2C3D4E5F"=>"job/../x"         | field 'detail.restoreJobId'
            restore job completion date malformed | RESTORE_TEST:"2025-03-11T05:21:35.204Z"=>"yesterday"                    | field 'detail.completionDate'
            """)
    void rejectsAnEventNamingTheField(String what, String event, String expected) {
        // WHEN the malformed event arrives
        CapturedStdout.Result<Map<String, Object>> result = DrillEstate.invoke(handler, event(event));

        // THEN it is answered as rejected, naming the field, logged as an error and counted
        assertThat(result.value()).containsOnlyKeys("rejected");
        assertThat(String.valueOf(result.value().get("rejected"))).contains(expected);
        assertThat(result.jsonLines()).anySatisfy(line -> assertThat(line).contains("\"level\":\"ERROR\"", "Rejected event"));
        assertThat(Emf.metrics(result.output())).filteredOn(m -> m.name().equals("InvalidEvents")).singleElement()
                .satisfies(m -> assertThat(m.value()).isEqualTo(1.0));
    }

    /** {@code SAMPLE:from=>to} is a sample event with one edit; anything else is the event itself. */
    private static String event(String spec) {
        for (Map.Entry<String, String> sample : Map.of("FAILED:", FAILED, "RESTORE_TEST:", RESTORE_TEST).entrySet()) {
            if (spec.startsWith(sample.getKey())) {
                String[] edit = spec.substring(sample.getKey().length()).split("=>", 2);
                assertThat(sample.getValue()).as("the sample event holds %s", edit[0]).contains(edit[0]);
                return sample.getValue().replace(edit[0], edit[1]);
            }
        }
        return spec;
    }

    private static <T> Supplier<T> untouched() {
        return () -> {
            throw new AssertionError("a malformed event must not reach a service");
        };
    }
}
