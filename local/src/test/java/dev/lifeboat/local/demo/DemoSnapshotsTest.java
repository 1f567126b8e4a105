package dev.lifeboat.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.local.demo.DemoSnapshots.DemoSnapshot;
import dev.lifeboat.local.demo.DemoSnapshots.Request;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;

@ExtendWith(MotoExtension.class)
class DemoSnapshotsTest {

    private static final Path REPO = RepoRoot.find();

    private final List<String> progress = new ArrayList<>();

    @Test
    void createsAnEncryptedVolumeTaggedWithThePolicyAndASnapshotOfItWithItsTags(Emulator emulator) {
        // WHEN a snapshot is created for policy gold, with a further volume tag and a snapshot tag
        DemoSnapshot created = demoSnapshots(emulator.environment(Map.of()))
                .create(new Request("gold", Map.of("team", "orders"), Map.of("purpose", "demo")));

        // THEN the volume is encrypted, 8 GiB, tagged; the snapshot is of it and has its own tags
        try (Ec2Client ec2 = emulator.client(Ec2Client.builder(), Emulator.PRIMARY)) {
            Volume volume = ec2.describeVolumes(r -> r.volumeIds(created.volumeId())).volumes().getFirst();
            assertThat(volume.encrypted()).isTrue();
            assertThat(volume.size()).isEqualTo(8);
            assertThat(tags(volume.tags())).isEqualTo(Map.of("lifeboat:policy", "gold", "team", "orders"));
            Snapshot snapshot = ec2.describeSnapshots(r -> r.snapshotIds(created.snapshotId())).snapshots().getFirst();
            assertThat(snapshot.volumeId()).isEqualTo(created.volumeId());
            assertThat(tags(snapshot.tags())).isEqualTo(Map.of("purpose", "demo"));
        }
        assertThat(progress).containsExactly(
                "created volume " + created.volumeId() + " in us-east-1 tagged lifeboat:policy=gold, team=orders",
                "created snapshot " + created.snapshotId() + " tagged purpose=demo");
    }

    @Test
    void anEmptyPolicyLeavesThePolicyTagOff(Emulator emulator) {
        DemoSnapshot created = demoSnapshots(emulator.environment(Map.of())).create(new Request("", Map.of(), Map.of()));

        try (Ec2Client ec2 = emulator.client(Ec2Client.builder(), Emulator.PRIMARY)) {
            assertThat(ec2.describeVolumes(r -> r.volumeIds(created.volumeId())).volumes().getFirst().tags()).isEmpty();
        }
    }

    @Test
    void eventIsTheSampleNamingTheSnapshotItsVolumeTheEmulatorsAccountAndNow(Emulator emulator) throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        DemoSnapshot created = demoSnapshots(emulator.environment(Map.of())).create(new Request("default", Map.of(), Map.of()));

        // THEN it differs from the sample only in the ids (its own event id too), the account and the time
        JsonNode event = Json.MAPPER.readTree(created.event());
        assertThat(event.path("id").asText()).isNotEqualTo(Json.MAPPER.readTree(Files.readString(REPO.resolve(DemoSnapshots.SAMPLE_EVENT)))
                .path("id").asText());
        assertThat(event.path("account").asText()).isEqualTo(Emulator.ACCOUNT);
        assertThat(Instant.parse(event.path("time").asText())).isBetween(before, Instant.now());
        ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(Files.readString(REPO.resolve(DemoSnapshots.SAMPLE_EVENT))
                .replace(DemoSnapshots.SAMPLE_SNAPSHOT_ID, created.snapshotId())
                .replace(DemoSnapshots.SAMPLE_VOLUME_ID, created.volumeId()));
        expected.set("account", event.get("account"));
        expected.set("time", event.get("time"));
        expected.set("id", event.get("id"));
        assertThat(event).isEqualTo(expected);
        assertThat(event.path("detail").path("snapshot_id").asText()).isEqualTo("arn:aws:ec2::us-east-1:snapshot/" + created.snapshotId());
    }

    @Test
    void snapshotAndEventAreInThePrimaryRegionAwsRegionNames(Emulator emulator) throws Exception {
        DemoSnapshot created = demoSnapshots(emulator.environment(Map.of("AWS_REGION", "eu-west-1")))
                .create(new Request("default", Map.of(), Map.of()));

        try (Ec2Client ec2 = emulator.client(Ec2Client.builder(), Region.EU_WEST_1)) {
            assertThat(ec2.describeSnapshots(r -> r.snapshotIds(created.snapshotId())).snapshots()).hasSize(1);
        }
        JsonNode event = Json.MAPPER.readTree(created.event());
        assertThat(event.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(event.path("detail").path("source").asText()).isEqualTo("arn:aws:ec2::eu-west-1:volume/" + created.volumeId());
    }

    @Test
    void refusesToRunWithoutAnEmulatorEndpoint() {
        assertThatThrownBy(() -> demoSnapshots(Map.of("AWS_REGION", "us-east-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL is not set");
    }

    private DemoSnapshots demoSnapshots(Map<String, String> environment) {
        return new DemoSnapshots(REPO, environment, progress::add);
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
