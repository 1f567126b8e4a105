package dev.lifeboat.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.runtime.ColdStart;
import dev.lifeboat.local.runtime.LambdaFunctions;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code RetentionFunction} as Lambda runs it: {@code retention.jar} extracted as the task root,
 * the handler started cold by the real Runtime Interface Client through its no-arg constructor,
 * with the template's environment (recovery stack), enforcing a policy on copies in moto.
 */
@ExtendWith(MotoExtension.class)
class RetentionUnderRuntimeInterfaceClientIT {

    private static final Template TEMPLATE = Template.loadFrom(RepoRoot.find());

    @Test
    void deletesTheCopiesThePolicyNoLongerKeepsAndKeepsTheNewest(Emulator emulator) throws Exception {
        // GIVEN a policy keeping one daily copy and three daily EBS copies of one volume
        RecoveryEstate estate = new RecoveryEstate(emulator);
        estate.putPolicyDocument("""
                {"policies": {"gold": {"retention": {"daily": 1, "weekly": 0, "monthly": 0, "yearly": 0}}}}""");
        List<String> copies = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            copies.add(estate.ebsCopy(RecoveryEstate.provenance(CopyKind.EBS_SNAPSHOT, "vol-0ric", Instant.now().minus(Duration.ofDays(day)), "gold")));
        }

        // WHEN the function starts cold on its schedule's event
        ColdStart run;
        try (LambdaFunctions lambda = LambdaFunctions.against(TEMPLATE, emulator.environment(Map.of()))) {
            run = lambda.coldStart("RetentionFunction", "{}", Map.of());
        }

        // THEN it deleted the two older copies, and only the newest is left
        JsonNode answer = Json.MAPPER.readTree(run.response());
        assertThat(answer.get("deleted")).hasSize(2);
        assertThat(estate.ebsSnapshotIds()).containsExactly(copies.getFirst());
    }
}
