package dev.lifeboat.failurealert;

import dev.lifeboat.local.testing.MovableClock;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.time.Instant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The alert function's resources in the emulator, as the template declares them (a KMS key, the
 * alert topic encrypted with it, the alert table), and an SQS queue subscribed to the topic: what
 * arrives there is what a person's inbox would get.
 */
final class AlertEstate {

    static final Path EVENTS = RepoRoot.find().resolve("events");
    static final String TABLE = "lifeboat-AlertFoldTable";

    final Emulator emulator;
    final String topicArn;
    final String inboxUrl;
    final SqsClient sqs;
    final SnsClient sns;
    final DynamoDbClient dynamoDb;
    final MovableClock clock = new MovableClock(Instant.parse("2025-03-10T03:00:00Z"));

    AlertEstate(Emulator emulator) {
        this.emulator = emulator;
        this.sqs = emulator.client(SqsClient.builder(), Emulator.PRIMARY);
        this.sns = emulator.client(SnsClient.builder(), Emulator.PRIMARY);
        this.dynamoDb = emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY);
        String keyId = emulator.client(KmsClient.builder(), Emulator.PRIMARY).createKey(r -> r.description("data")).keyMetadata().keyId();
        this.topicArn = sns.createTopic(r -> r.name("lifeboat-AlertTopic").attributes(Map.of("KmsMasterKeyId", keyId))).topicArn();
        dynamoDb.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        this.inboxUrl = sqs.createQueue(r -> r.queueName("alert-inbox")).queueUrl();
        String inboxArn = sqs.getQueueAttributes(r -> r.queueUrl(inboxUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(inboxArn));
    }

    /** The alert function's environment, as the template gives it, pointed at the emulator. */
    Map<String, String> functionEnvironment() {
        return emulator.environment(Map.of(
                "ALERT_TABLE", TABLE,
                "ALERT_TOPIC_ARN", topicArn,
                "ALERT_FOLD_WINDOW_MINUTES", "60",
                "POWERTOOLS_SERVICE_NAME", "failure-alert",
                "POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"));
    }

    /** A handler whose clock the test moves. */
    FailureAlertHandler handlerWithTestClock() {
        Map<String, String> environment = functionEnvironment();
        return new FailureAlertHandler(new FailureAlertService(
                new DynamoDbFoldStore(dynamoDb, TABLE),
                new SnsAlertSink(sns, topicArn),
                new AlertRenderer(), Duration.ofMinutes(60), clock), environment.get("POWERTOOLS_METRICS_NAMESPACE"));
    }

    /** A message as it arrived in the subscribed queue. */
    record Delivered(String subject, String body) {
    }

    /** Every message the topic has delivered so far, removed from the queue. */
    List<Delivered> inbox() {
        List<Delivered> delivered = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(inboxUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                return delivered;
            }
            for (Message message : messages) {
                try {
                    JsonNode envelope = Json.MAPPER.readTree(message.body());
                    delivered.add(new Delivered(envelope.path("Subject").asText(), envelope.path("Message").asText()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sqs.deleteMessage(r -> r.queueUrl(inboxUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** {@code events/<file>} as the map Lambda hands the handler. */
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
