package dev.lifeboat.local.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The event an SQS-fed function receives. A bare EventBridge event is delivered the way a rule
 * targeting the queue and Lambda's event source mapping would deliver it: as the body of one SQS
 * record. An SQS event passes through unchanged.
 */
final class SqsDelivery {

    private SqsDelivery() {
    }

    static String of(String eventJson, String functionId, String queueArn, String region) {
        JsonNode event = parse(eventJson);
        if (event.has("detail-type")) {
            return wrap(eventJson, queueArn, region);
        }
        JsonNode records = event.path("Records");
        if (records.isArray() && !records.isEmpty() && allFromSqs(records)) {
            return eventJson;
        }
        throw new IllegalArgumentException(functionId + " is fed by SQS: give it an SQS event ({\"Records\": [...]} with eventSource aws:sqs)"
                + " or an EventBridge event (with detail-type) to deliver through its queue");
    }

    private static boolean allFromSqs(JsonNode records) {
        for (JsonNode record : records) {
            if (!"aws:sqs".equals(record.path("eventSource").asText())) {
                return false;
            }
        }
        return true;
    }

    private static String wrap(String body, String queueArn, String region) {
        String now = Long.toString(Instant.now().toEpochMilli());
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        ObjectNode record = envelope.putArray("Records").addObject();
        record.put("messageId", UUID.randomUUID().toString());
        record.put("receiptHandle", UUID.randomUUID().toString());
        record.put("body", body);
        ObjectNode attributes = record.putObject("attributes");
        attributes.put("ApproximateReceiveCount", "1");
        attributes.put("SentTimestamp", now);
        attributes.put("ApproximateFirstReceiveTimestamp", now);
        record.putObject("messageAttributes");
        record.put("md5OfBody", md5(body));
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", queueArn);
        record.put("awsRegion", region);
        return envelope.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("The event is not JSON: " + e.getMessage(), e);
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
