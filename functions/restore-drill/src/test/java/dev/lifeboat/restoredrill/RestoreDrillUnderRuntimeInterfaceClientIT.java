package dev.lifeboat.restoredrill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.frontdoor.FrontDoor;
import dev.lifeboat.local.frontdoor.FrontDoorExtension;
import dev.lifeboat.local.runtime.ColdStart;
import dev.lifeboat.local.runtime.LambdaFunctions;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code RestoreDrillFunction} as Lambda runs it: {@code restore-drill.jar} extracted as the task
 * root, the handler started cold by the real Runtime Interface Client through its no-arg
 * constructor, with the template's environment (recovery stack), starting a drill of a copy in
 * moto through the template's restore workflow.
 */
@ExtendWith(FrontDoorExtension.class)
class RestoreDrillUnderRuntimeInterfaceClientIT {

    private static final Template TEMPLATE = Template.loadFrom(RepoRoot.find());

    @Test
    void theScheduleStartsADrillOfAGoldCopyThroughTheTemplatesWorkflow(Emulator emulator, FrontDoor door) throws Exception {
        // GIVEN the recovery region with a gold copy
        DrillEstate estate = new DrillEstate(emulator, door, Map.of("RestorePollSeconds", "1"));
        estate.ebsCopy("vol-0a1b2c3d4e5f60001", "gold", Instant.now().minus(Duration.ofDays(1)));

        // WHEN the function starts cold on the drill schedule's event
        ColdStart run;
        try (LambdaFunctions lambda = LambdaFunctions.against(TEMPLATE, emulator.environment(Map.of()))) {
            run = lambda.coldStart("RestoreDrillFunction", DrillEstate.resource("events/restore-drill-schedule.json"),
                    Map.of("POLICY_PARAMETER", DrillEstate.POLICY_PARAMETER, "DRILL_SEED", "7"));
        }

        // THEN it started one drill, whose restore workflow ran to the end
        JsonNode answer = Json.MAPPER.readTree(run.response());
        assertThat(answer.path("started")).hasSize(1);
        assertThat(estate.awaitEnd(answer.path("started").get(0).asText()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
}
