package dev.lifeboat.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Creates an EBS snapshot in the emulator and the {@code createSnapshot} succeeded event AWS would
 * send for it, for walking through a local invocation: the emulator chooses its own ids, so the
 * sample event file cannot name a snapshot that exists.
 */
public final class DemoSnapshots {

    /** The sample event, relative to the repository, and the values in it that name its estate. */
    static final String SAMPLE_EVENT = "events/ebs-create-snapshot-succeeded.json";
    static final String SAMPLE_SNAPSHOT_ID = "snap-0a1b2c3d4e5f60001";
    static final String SAMPLE_VOLUME_ID = "vol-0a1b2c3d4e5f60001";
    static final String SAMPLE_REGION = "us-east-1";

    // the envelope's own fields, not detail.startTime and the like
    private static final Pattern ACCOUNT = Pattern.compile("(\"account\"\\s*:\\s*)\"[^\"]*\"");
    private static final Pattern TIME = Pattern.compile("(\"time\"\\s*:\\s*)\"[^\"]*\"");
    private static final Pattern ID = Pattern.compile("(\"id\"\\s*:\\s*)\"[^\"]*\"");

    /** What to create: the policy tag's value (empty for none), further volume tags, snapshot tags. */
    public record Request(String policy, Map<String, String> volumeTags, Map<String, String> snapshotTags) {
        public Request {
            // in the order given, which is the order they are reported in
            volumeTags = Collections.unmodifiableMap(new LinkedHashMap<>(volumeTags));
            snapshotTags = Collections.unmodifiableMap(new LinkedHashMap<>(snapshotTags));
        }
    }

    /** The created volume and snapshot, and the event announcing the snapshot. */
    public record DemoSnapshot(String volumeId, String snapshotId, String event) {
    }

    private final Path repository;
    private final Map<String, String> environment;
    private final Consumer<String> progress;

    /**
     * Creates in the emulator at {@code environment}'s {@code AWS_ENDPOINT_URL} (required: this
     * never creates anything in a real account), in the primary region ({@code AWS_REGION}, else
     * us-east-1); each step is reported to {@code progress}.
     */
    public DemoSnapshots(Path repository, Map<String, String> environment, Consumer<String> progress) {
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalStateException("AWS_ENDPOINT_URL is not set: snapshot creates a volume and a snapshot in the emulator it names."
                    + " Start one (moto_server -p 5000) and export AWS_ENDPOINT_URL=http://127.0.0.1:5000");
        }
        this.repository = repository;
        this.environment = Map.copyOf(environment);
        this.progress = progress;
    }

    /** Creates an encrypted 8 GiB volume and a snapshot of it, and answers the event for the snapshot. */
    public DemoSnapshot create(Request request) {
        // read first: a missing sample should fail before anything is created
        String sample = readSample();
        AwsClientFactory clients = new AwsClientFactory(environment);
        Region region = clients.homeRegion();
        Map<String, String> volumeTags = new LinkedHashMap<>();
        if (!request.policy().isEmpty()) {
            volumeTags.put(LifeboatTags.POLICY, request.policy());
        }
        volumeTags.putAll(request.volumeTags());
        try (Ec2Client ec2 = clients.client(Ec2Client.builder(), "EC2", region)) {
            String volumeId = ec2.createVolume(r -> r.availabilityZone(region.id() + "a").size(8).encrypted(true)
                    .tagSpecifications(tags(ResourceType.VOLUME, volumeTags))).volumeId();
            progress.accept("created volume " + volumeId + " in " + region.id() + describe(volumeTags));
            String snapshotId = ec2.createSnapshot(r -> r.volumeId(volumeId).description("bin/lifeboat snapshot")
                    .tagSpecifications(tags(ResourceType.SNAPSHOT, request.snapshotTags()))).snapshotId();
            progress.accept("created snapshot " + snapshotId + describe(request.snapshotTags()));
            return new DemoSnapshot(volumeId, snapshotId, event(sample, region, volumeId, snapshotId, Instant.now()));
        }
    }

    /** The sample event naming the created snapshot, in this account and region, at {@code time}. */
    static String event(String sample, Region region, String volumeId, String snapshotId, Instant time) {
        String text = sample.replace(SAMPLE_SNAPSHOT_ID, snapshotId)
                .replace(SAMPLE_VOLUME_ID, volumeId)
                .replace(SAMPLE_REGION, region.id());
        text = ACCOUNT.matcher(text).replaceFirst("$1\"" + Emulator.ACCOUNT + "\"");
        // each event EventBridge delivers has an id of its own
        text = ID.matcher(text).replaceFirst("$1\"" + UUID.randomUUID() + "\"");
        text = TIME.matcher(text).replaceFirst("$1\"" + Matcher.quoteReplacement(time.truncatedTo(ChronoUnit.SECONDS).toString()) + "\"");
        check(text, snapshotId);
        return text;
    }

    private String readSample() {
        Path file = repository.resolve(SAMPLE_EVENT);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the sample event " + file, e);
        }
    }

    /** Fails if the sample changed shape so that the event would still name the sample's estate. */
    private static void check(String event, String snapshotId) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(event);
        } catch (IOException e) {
            throw new IllegalStateException(SAMPLE_EVENT + " is not JSON: " + e.getMessage(), e);
        }
        if (!node.path("account").asText().equals(Emulator.ACCOUNT) || !node.path("detail").path("snapshot_id").asText().endsWith("/" + snapshotId)) {
            throw new IllegalStateException(SAMPLE_EVENT + " no longer has the account and detail.snapshot_id (" + SAMPLE_SNAPSHOT_ID
                    + ") that snapshot rewrites");
        }
    }

    private static List<TagSpecification> tags(ResourceType type, Map<String, String> tags) {
        return tags.isEmpty() ? List.of() : List.of(TagSpecification.builder().resourceType(type)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())
                .build());
    }

    private static String describe(Map<String, String> tags) {
        return tags.isEmpty() ? "" : " tagged " + String.join(", ", tags.entrySet().stream().map(t -> t.getKey() + "=" + t.getValue()).toList());
    }
}
