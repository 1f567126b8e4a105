package dev.lifeboat.shared.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample events in the repository's {@code events/} folder, the same files {@code sam local invoke -e}
 * uses, so that a sample event and the tests that read it never drift apart. The repository root comes
 * from the {@code lifeboat.repo} system property (the build sets it), else the parent of the module.
 */
final class SampleEvents {

    static final String CREATE_SNAPSHOT_SUCCEEDED = "ebs-create-snapshot-succeeded.json";
    static final String CREATE_SNAPSHOT_FAILED = "ebs-create-snapshot-failed.json";
    static final String CREATE_SNAPSHOTS_SUCCEEDED = "ebs-create-snapshots-succeeded.json";
    static final String COPY_SNAPSHOT_SUCCEEDED = "ebs-copy-snapshot-succeeded.json";
    static final String COPY_SNAPSHOT_FAILED = "ebs-copy-snapshot-failed.json";

    private SampleEvents() {
    }

    /** The file's text, exactly as EventBridge would deliver it. */
    static String text(String file) {
        try {
            return Files.readString(folder().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample event " + file + " from " + folder().toAbsolutePath(), e);
        }
    }

    /** The file as a mutable JSON tree, for tests that change one field of a real event. */
    static ObjectNode tree(String file) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text(file));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sample event " + file + " is not JSON", e);
        }
    }

    /** The detail object of {@code event}, for changing it in place. */
    static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
    }

    static String json(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path folder() {
        String repo = System.getProperty("lifeboat.repo");
        Path root = repo == null || repo.isBlank() ? Path.of("..") : Path.of(repo);
        return root.resolve("events");
    }
}
