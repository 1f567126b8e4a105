package dev.lifeboat.local.drill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.ServerlessFunction;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.event.ruler.Machine;

/**
 * EventBridge in this process, for the drill: the template's event rules ({@code AWS::Events::Rule}
 * with an {@code EventPattern}, and functions' {@code EventBridgeRule} events), each in the region
 * of the stack that creates it, matched by Event Ruler (EventBridge's own matching engine) and
 * delivered to their targets: a function is invoked with the event; a queue receives it as a
 * message, and {@link #drainQueues()} hands what waits in it to the function that consumes the
 * queue, in batches, as Lambda's event source mapping would.
 */
public final class LocalEventBus {

    /** Where a matched event goes. */
    public sealed interface Target {
        /** The function, invoked with the event. */
        record Function(StackRole stack, String functionId) implements Target {
        }

        /** The queue (by logical id, in the stack's region), consumed by {@code consumerFunctionId}. */
        record Queue(StackRole stack, String queueId, String queueUrl, String queueArn, String consumerFunctionId) implements Target {
        }
    }

    /** One rule of one stack: its pattern (JSON) and targets. */
    public record Rule(String name, StackRole stack, String region, String pattern, List<Target> targets) {
    }

    /** What happened to one delivery to a function. */
    public record Delivery(String rule, StackRole stack, String functionId, String summary, boolean succeeded, String detail) {
    }

    /** Runs a function of a stack with an event; the drill passes the template's environment for that stack. */
    @FunctionalInterface
    public interface Runner {
        InvocationResult run(StackRole stack, String functionId, String eventJson);
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final Map<String, Machine> machines = new HashMap<>();
    private final Runner runner;
    private final Function<String, SqsClient> sqsByRegion;
    private final Set<Target.Queue> pending = new LinkedHashSet<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    /**
     * The rules of both stacks of {@code template}, resolved with {@code parameterOverrides} and
     * {@code environment} ({@code AWS_ENDPOINT_URL}, {@code AWS_REGION}); {@code sqsByRegion} gives a
     * client for a region's queues.
     */
    public LocalEventBus(Template template, Map<String, String> parameterOverrides, Map<String, String> environment,
                         Runner runner, Function<String, SqsClient> sqsByRegion) {
        this.runner = runner;
        this.sqsByRegion = sqsByRegion;
        for (StackRole role : StackRole.values()) {
            LocalNames names = new LocalNames(template, role, parameterOverrides, environment);
            for (Rule rule : rules(template, names)) {
                rules.put(rule.region() + "/" + rule.name(), rule);
                Machine machine = machines.computeIfAbsent(rule.region(), region -> new Machine());
                try {
                    machine.addRule(rule.region() + "/" + rule.name(), rule.pattern());
                } catch (IOException e) {
                    throw new IllegalArgumentException("Event Ruler rejects the pattern of " + rule.name() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Every rule the bus knows, in template order, primary stack first. */
    public List<Rule> rules() {
        return List.copyOf(rules.values());
    }

    /** The rules (of the event's region) whose pattern matches the event. */
    public List<Rule> matching(String eventJson) {
        String region = parse(eventJson).path("region").asText();
        Machine machine = machines.get(region);
        if (machine == null) {
            return List.of();
        }
        try {
            return machine.rulesForJSONEvent(eventJson).stream().map(rules::get).toList();
        } catch (Exception e) {
            throw new IllegalArgumentException("Event Ruler cannot read the event: " + e.getMessage(), e);
        }
    }

    /**
     * Puts one event on its region's bus: each matching rule's function targets run now, its queue
     * targets receive a message (consumed by {@link #drainQueues()}). Answers the matched rules.
     */
    public List<Rule> put(String eventJson) {
        List<Rule> matched = matching(eventJson);
        for (Rule rule : matched) {
            for (Target target : rule.targets()) {
                switch (target) {
                    case Target.Function function -> deliver(rule.name(), function.stack(), function.functionId(), eventJson, describe(eventJson));
                    case Target.Queue queue -> {
                        sqsByRegion.apply(rule.region()).sendMessage(r -> r.queueUrl(queue.queueUrl()).messageBody(eventJson));
                        pending.add(queue);
                    }
                }
            }
        }
        return matched;
    }

    /** Hands every message waiting in a queue that received events to its consumer, ten at a time, until the queues are empty. */
    public void drainQueues() {
        List<Target.Queue> queues = new ArrayList<>(pending);
        pending.clear();
        for (Target.Queue queue : queues) {
            SqsClient sqs = sqsByRegion.apply(regionOf(queue.queueArn()));
            List<Message> batch;
            do {
                batch = sqs.receiveMessage(r -> r.queueUrl(queue.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
                if (!batch.isEmpty()) {
                    consume(queue, sqs, batch);
                }
            } while (!batch.isEmpty());
        }
    }

    /** Every delivery to a function so far. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void consume(Target.Queue queue, SqsClient sqs, List<Message> batch) {
        String event = sqsEvent(batch, queue.queueArn(), regionOf(queue.queueArn()));
        String summary = batch.size() + " message(s) from " + queue.queueId() + ": "
                + String.join(", ", batch.stream().map(message -> describe(message.body())).toList());
        Optional<JsonNode> result = deliver(queue.queueId(), queue.stack(), queue.consumerFunctionId(), event, summary);
        Set<String> failed = new LinkedHashSet<>();
        result.ifPresent(answer -> answer.path("batchItemFailures").forEach(item -> failed.add(item.path("itemIdentifier").asText())));
        for (Message message : batch) {
            if (result.isPresent() && !failed.contains(message.messageId())) {
                sqs.deleteMessage(r -> r.queueUrl(queue.queueUrl()).receiptHandle(message.receiptHandle()));
            }
        }
        if (result.isPresent() && !failed.isEmpty()) {
            Delivery last = deliveries.remove(deliveries.size() - 1);
            deliveries.add(new Delivery(last.rule(), last.stack(), last.functionId(), last.summary(), false,
                    failed.size() + " of " + batch.size() + " record(s) reported as failed: " + last.detail()));
        }
    }

    private Optional<JsonNode> deliver(String rule, StackRole stack, String functionId, String eventJson, String summary) {
        InvocationResult result;
        try {
            result = runner.run(stack, functionId, eventJson);
        } catch (RuntimeException e) {
            // the function could not be started at all: recorded like a failed invocation, so the report names it
            deliveries.add(new Delivery(rule, stack, functionId, summary, false, "not started: " + e.getMessage()));
            return Optional.empty();
        }
        return switch (result) {
            case InvocationResult.Success success -> {
                deliveries.add(new Delivery(rule, stack, functionId, summary, true, success.json()));
                yield Optional.of(parse(success.json().isBlank() ? "null" : success.json()));
            }
            case InvocationResult.Failure failure -> {
                deliveries.add(new Delivery(rule, stack, functionId, summary, false, failure.errorType() + ": " + failure.errorMessage()));
                yield Optional.empty();
            }
        };
    }

    /** The rules one stack creates, with their patterns resolved and their targets found. */
    static List<Rule> rules(Template template, LocalNames names) {
        Map<String, String> functionsByArn = new HashMap<>();
        Map<String, String> consumersByQueueArn = new HashMap<>();
        template.functions().values().stream().filter(names::deploys).forEach(function -> {
            functionsByArn.put(names.arn(function.logicalId()), function.logicalId());
            function.eventSource("SQS").ifPresent(sqs -> consumersByQueueArn.put(names.resolveText(sqs.properties().get("Queue")),
                    function.logicalId()));
        });
        Map<String, String> queuesByArn = new HashMap<>();
        template.resources().values().stream().filter(r -> r.type().equals("AWS::SQS::Queue")).filter(names::deploys)
                .forEach(queue -> queuesByArn.put(names.arn(queue.logicalId()), queue.logicalId()));

        List<Rule> found = new ArrayList<>();
        template.resources().values().stream()
                .filter(resource -> resource.type().equals("AWS::Events::Rule") && resource.properties().containsKey("EventPattern"))
                .filter(names::deploys)
                .forEach(resource -> {
                    List<Target> targets = new ArrayList<>();
                    Object resolved = names.resolve(resource.properties().getOrDefault("Targets", List.of()));
                    for (Object item : (List<?>) resolved) {
                        String arn = String.valueOf(((Map<?, ?>) item).get("Arn"));
                        if (functionsByArn.containsKey(arn)) {
                            targets.add(new Target.Function(names.role(), functionsByArn.get(arn)));
                        } else if (queuesByArn.containsKey(arn) && consumersByQueueArn.containsKey(arn)) {
                            String queueId = queuesByArn.get(arn);
                            targets.add(new Target.Queue(names.role(), queueId, String.valueOf(names.ref(queueId)), arn,
                                    consumersByQueueArn.get(arn)));
                        }
                    }
                    found.add(new Rule(resource.logicalId(), names.role(), names.region(),
                            json(names.resolve(resource.properties().get("EventPattern"))), List.copyOf(targets)));
                });
        for (ServerlessFunction function : template.functions().values()) {
            if (!names.deploys(function)) {
                continue;
            }
            function.events().values().stream().filter(source -> source.type().equals("EventBridgeRule")).forEach(source ->
                    found.add(new Rule(function.logicalId() + "." + source.name(), names.role(), names.region(),
                            json(names.resolve(source.properties().get("Pattern"))),
                            List.of(new Target.Function(names.role(), function.logicalId())))));
        }
        return found;
    }

    /** The SQS event Lambda's event source mapping would hand the consumer for these messages. */
    static String sqsEvent(List<Message> messages, String queueArn, String region) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        ArrayNode records = envelope.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            attributes.putIfAbsent("ApproximateReceiveCount", attributes.textNode("1"));
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> {
                ObjectNode attribute = messageAttributes.putObject(name);
                attribute.put("stringValue", value.stringValue());
                attribute.put("dataType", value.dataType());
            });
            record.put("md5OfBody", message.md5OfBody() == null ? md5(message.body()) : message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return envelope.toString();
    }

    /** {@code detail-type} and the first resource, for a person reading the drill's log. */
    static String describe(String eventJson) {
        JsonNode event = parse(eventJson);
        String resource = event.path("resources").path(0).asText("");
        return event.path("detail-type").asText("?") + (resource.isEmpty() ? "" : " " + resource.substring(resource.lastIndexOf(':') + 1));
    }

    private static String regionOf(String arn) {
        return arn.split(":")[3];
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + e.getMessage(), e);
        }
    }

    private static String json(Object value) {
        if (value instanceof String text) {
            return text;
        }
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value + " as JSON", e);
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
