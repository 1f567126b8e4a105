package dev.lifeboat.backupmetrics;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The metrics function's table in both regions of the emulator, and its environment per stack. */
final class MetricsEstate {

    static final Path EVENTS = RepoRoot.find().resolve("events");
    static final String TABLE = "lifeboat-MetricsTable";

    final Emulator emulator;

    MetricsEstate(Emulator emulator) {
        this.emulator = emulator;
        for (Region region : new Region[] {Emulator.PRIMARY, Emulator.RECOVERY}) {
            emulator.client(DynamoDbClient.builder(), region).createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        }
    }

    /** The function's environment in the stack of {@code region}, as the template gives it, pointed at the emulator. */
    Map<String, String> functionEnvironment(Region region) {
        return emulator.environment(Map.of(
                "AWS_REGION", region.id(),
                "METRICS_TABLE", TABLE,
                "RPO_HOURS", "24",
                "POWERTOOLS_SERVICE_NAME", "backup-metrics",
                "POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"));
    }

    static Map<String, Object> event(String file) {
        return asMap(text(file));
    }

    static String text(String file) {
        try {
            return Files.readString(EVENTS.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> asMap(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
