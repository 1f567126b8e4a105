package dev.lifeboat.local.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoServer;
import dev.lifeboat.local.frontdoor.FrontDoor;
import dev.lifeboat.local.frontdoor.FrontDoorExtension;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.provision.Provisioner;
import dev.lifeboat.local.restore.RestoreWorkflow;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.ServerlessFunction;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.PolicyDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local DR drill: in a fresh emulator (moto behind the front door, so that Lambda tasks run
 * our handlers), it creates the template's resources and a small estate in the primary region,
 * simulates several days of backups whose events go through the template's own rules to the
 * functions (copy, metrics, alerts, copy completion; one injected failure), runs the recovery
 * stack's scheduled functions (retention, RPO monitor, health report), then makes the primary
 * region unreachable and restores each resource in the recovery region through the real state
 * machine. Runs once; {@link #close()} stops the emulator.
 */
public final class Drill implements AutoCloseable {

    /** What to run: how many days to simulate, template parameter overrides, where to write the report files and logs. */
    public record Options(int days, Map<String, String> parameterOverrides, Path outputFolder) {
        public Options {
            if (days < 2) {
                throw new IllegalArgumentException("a drill simulates at least 2 days (the injected failure takes one day's backup of one resource)");
            }
            parameterOverrides = Map.copyOf(parameterOverrides);
        }
    }

    /** The recovery stack's scheduled functions the drill runs after the simulated days, in order, by logical id. */
    static final List<String[]> SCHEDULED = List.of(
            new String[] {"RetentionFunction", "retention applies each policy's tiers to the copies"},
            new String[] {"RpoMonitorFunction", "the RPO monitor measures each resource's newest copy against its RPO"},
            new String[] {HealthReportFiles.FUNCTION, "the health report is written to the recovery bucket"});

    /** Settles copies that raise no completion event (Aurora), on a schedule in AWS. */
    static final String COPY_POLLER = "CopyStatusPollFunction";

    /** The drill's restores check every second instead of the template's default. */
    static final Map<String, String> DRILL_PARAMETERS = Map.of("RestorePollSeconds", "1");

    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(90);

    private final Path repository;
    private final Template template;
    private final Options options;
    private final Progress progress;
    private final Map<String, String> parameters;
    private final MotoServer moto;
    private final FrontDoor door;
    private final Emulator emulator;
    private final Map<String, String> environment;
    private final FunctionInvoker invoker;
    private final WarmFunctions functions;

    private Drill(Path repository, Template template, Options options, Progress progress, Map<String, String> parameters,
                  MotoServer moto, FrontDoor door) {
        this.repository = repository;
        this.template = template;
        this.options = options;
        this.progress = progress;
        this.parameters = parameters;
        this.moto = moto;
        this.door = door;
        this.emulator = new Emulator(door.endpoint());
        this.environment = emulator.environment(Map.of());
        this.invoker = new FunctionInvoker(template, parameters, environment).fromDeployableJar();
        this.functions = new WarmFunctions(template);
    }

    /** Starts moto (its state machine interpreter calling the front door) and the front door in front of it. */
    public static Drill start(Path repository, Template template, Options options, Progress progress) {
        Map<String, String> parameters = new LinkedHashMap<>(DRILL_PARAMETERS);
        parameters.putAll(options.parameterOverrides());
        try {
            Files.createDirectories(options.outputFolder());
            // a report left by an earlier drill must not pass for this one's
            try (var earlier = Files.newDirectoryStream(options.outputFolder(), "health.*")) {
                for (Path file : earlier) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + options.outputFolder() + ": " + e.getMessage(), e);
        }
        int doorPort = MotoServer.freePort();
        MotoServer moto = MotoServer.start(Optional.of(doorPort), Optional.of(options.outputFolder().resolve("moto.log")));
        FrontDoor[] door = new FrontDoor[1];
        try {
            door[0] = FrontDoor.start(doorPort, moto.endpoint(), template,
                    overrides -> new FunctionInvoker(template, overrides, Map.of("AWS_ENDPOINT_URL", door[0].endpoint().toString()))
                            .fromDeployableJar());
            moto.configure(FrontDoorExtension.EXECUTE_STATE_MACHINES);
            door[0].useParameters(parameters);
        } catch (RuntimeException e) {
            if (door[0] != null) {
                door[0].close();
            }
            moto.close();
            throw e;
        }
        progress.line("started the AWS emulator (moto) at %s behind the front door at %s", moto.endpoint(), door[0].endpoint());
        return new Drill(repository, template, options, progress, Map.copyOf(parameters), moto, door[0]);
    }

    /** The endpoint to point AWS tools at to look around the drill's emulator (the front door). */
    public String endpoint() {
        return door.endpoint().toString();
    }

    /** The emulator itself, behind the front door: both regions answer there, the primary included. */
    public String emulatorEndpoint() {
        return moto.endpoint().toString();
    }

    /** Runs the drill to its end and answers what it found. */
    public DrillResult run() {
        Instant began = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String primary = LocalNames.primaryRegion(environment);
        LocalNames recoveryNames = new LocalNames(template, StackRole.RECOVERY, parameters, environment);
        String recovery = recoveryNames.region();
        try (Ec2Client primaryEc2 = emulator.client(Ec2Client.builder(), Region.of(primary));
             RdsClient primaryRds = emulator.client(RdsClient.builder(), Region.of(primary));
             Ec2Client recoveryEc2 = emulator.client(Ec2Client.builder(), Region.of(recovery));
             RdsClient recoveryRds = emulator.client(RdsClient.builder(), Region.of(recovery));
             SqsClient primarySqs = emulator.client(SqsClient.builder(), Region.of(primary));
             SqsClient recoverySqs = emulator.client(SqsClient.builder(), Region.of(recovery));
             S3Client recoveryS3 = emulator.client(S3Client.builder().forcePathStyle(true), Region.of(recovery));
             SfnClient sfn = emulator.client(SfnClient.builder(), Region.of(recovery))) {

            int created = new Provisioner(template, parameters, environment, line -> { }).up().size();
            progress.line("created the template's %d resources for the primary (%s) and recovery (%s) stacks", created, primary, recovery);
            AlertInbox alerts = new AlertInbox(template, parameters, environment, emulator, Map.of(primary, primarySqs, recovery, recoverySqs));

            DemoEstate estate = new DemoEstate(primaryEc2, primaryRds, primary, recoveryEc2, recoveryRds, recovery);
            String policy = PolicyDocument.DEFAULT_POLICY_NAME;
            List<DemoEstate.Resource> resources = List.of(estate.createVolume(policy), estate.createRdsInstance(policy),
                    estate.createAuroraCluster(policy));
            estate.prepareRecoverySubnetGroup();
            resources.forEach(resource -> progress.line("protected %s %s (tag lifeboat:policy=%s) in %s",
                    resource.kind().description(), resource.id(), resource.policy(), primary));

            LocalEventBus bus = new LocalEventBus(template, parameters, environment, this::invoke,
                    region -> region.equals(primary) ? primarySqs : recoverySqs);
            DrillEvents events = new DrillEvents(repository);
            int failureDay = (options.days() + 1) / 2;
            DemoEstate.Resource failing = resources.get(0);
            String injected = "day " + failureDay + ": the EBS snapshot of " + failing.id() + " failed (an injected EBS Snapshot Notification, result failed)";
            Set<String> seen = new HashSet<>();
            for (int day = 1; day <= options.days(); day++) {
                Instant dayTime = began.minus(options.days() - day, ChronoUnit.DAYS);
                progress.line("day %d of %d (simulated: %s): backing up %d resources", day, options.days(),
                        dayTime.truncatedTo(ChronoUnit.SECONDS), resources.size());
                for (DemoEstate.Resource resource : resources) {
                    if (day == failureDay && resource.equals(failing)) {
                        String snapshotId = "snap-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
                        List<LocalEventBus.Rule> matched = bus.put(events.ebsSnapshotFailed(primary, snapshotId, resource.id(), dayTime));
                        progress.line("day %d of %d: injected failure: the snapshot of %s failed (rules matched: %s)", day, options.days(),
                                resource.id(), names(matched));
                        continue;
                    }
                    String snapshot = estate.snapshot(resource, "day-" + day);
                    String event = switch (resource.kind()) {
                        case EBS_VOLUME -> events.ebsSnapshotCreated(primary, snapshot, resource.id(), dayTime);
                        case RDS_INSTANCE -> events.rdsSnapshotCreated(primary, snapshot, dayTime);
                        case AURORA_CLUSTER -> events.auroraSnapshotCreated(primary, snapshot, dayTime);
                    };
                    bus.put(event);
                }
                progress.line("day %d of %d: copying to %s", day, options.days(), recovery);
                bus.drainQueues();
                boolean auroraCopied = false;
                for (DemoEstate.Resource resource : resources) {
                    for (DemoEstate.Copy copy : estate.copies(resource)) {
                        if (!seen.add(copy.copyId())) {
                            continue;
                        }
                        estate.backdate(copy, dayTime);
                        switch (copy.kind()) {
                            case EBS_VOLUME -> bus.put(events.ebsSnapshotCopied(recovery, copy.copyId(), primary, copy.sourceId(), dayTime));
                            case RDS_INSTANCE -> bus.put(events.rdsSnapshotCopyFinished(recovery, copy.copyId(), primary, copy.sourceId(), dayTime));
                            case AURORA_CLUSTER -> auroraCopied = true;
                        }
                    }
                }
                bus.drainQueues();
                if (auroraCopied && template.functions().containsKey(COPY_POLLER)) {
                    // Aurora raises no copy event: the poller settles its copies (every 15 minutes on AWS)
                    InvocationResult polled = invoke(StackRole.RECOVERY, COPY_POLLER, scheduledEvent(recovery, COPY_POLLER));
                    if (polled instanceof InvocationResult.Failure failure) {
                        progress.line("day %d of %d: %s failed: %s: %s", day, options.days(), COPY_POLLER, failure.errorType(), failure.errorMessage());
                    }
                }
                progress.line("day %d of %d: done; copies in %s so far: %d", day, options.days(), recovery, seen.size());
            }
            List<LocalEventBus.Delivery> failed = bus.deliveries().stream().filter(delivery -> !delivery.succeeded()).toList();
            progress.line("%d events delivered to functions through the template's rules%s", bus.deliveries().size(),
                    failed.isEmpty() ? "" : ", " + failed.size() + " of them failed (see the report)");

            List<DrillResult.ScheduledStep> steps = new ArrayList<>();
            List<Path> reportFiles = new ArrayList<>();
            for (String[] scheduled : SCHEDULED) {
                DrillResult.ScheduledStep step = runScheduled(scheduled[0], scheduled[1], recovery);
                steps.add(step);
                if (step.functionId().equals(HealthReportFiles.FUNCTION) && step.succeeded()) {
                    reportFiles.addAll(HealthReportFiles.download(template, recoveryNames, recoveryS3, options.outputFolder()));
                    reportFiles.forEach(file -> progress.line("health report written: %s", file));
                }
            }

            List<DrillResult.Alert> received = new ArrayList<>(alerts.read(primary));
            Instant disaster = Instant.now();
            double rpoHours = Double.parseDouble(recoveryNames.parameter("DefaultRpoHours"));
            List<DrillResult.ProtectedResource> protectedResources = new ArrayList<>();
            for (DemoEstate.Resource resource : resources) {
                List<DemoEstate.Copy> copies = estate.copies(resource);
                protectedResources.add(new DrillResult.ProtectedResource(resource, copies.size(),
                        copies.stream().map(DemoEstate.Copy::createdAt).max(Instant::compareTo), rpoHours));
            }
            door.refuseRegion(primary);
            progress.line("DISASTER: the primary region %s is now unreachable (the front door refuses every request signed for it)", primary);

            RestoreWorkflow workflow = new RestoreWorkflow(template, parameters, environment, sfn, RESTORE_TIMEOUT);
            List<DrillResult.Restore> restores = new ArrayList<>();
            for (DemoEstate.Resource resource : resources) {
                restores.add(restore(workflow, resource, recovery, bus, events));
            }
            received.addAll(alerts.read(recovery));
            failed = bus.deliveries().stream().filter(delivery -> !delivery.succeeded()).toList();
            return new DrillResult(options.days(), primary, recovery, disaster, injected, protectedResources, steps, restores, received,
                    bus.deliveries().size(), failed, reportFiles, Duration.between(began, Instant.now()));
        }
    }

    private DrillResult.ScheduledStep runScheduled(String functionId, String purpose, String recovery) {
        if (!template.functions().containsKey(functionId)) {
            progress.line("%s: not available yet (not in template.yaml): skipped", functionId);
            return new DrillResult.ScheduledStep(functionId, purpose, false, false, "not available yet");
        }
        progress.line("%s: %s", functionId, purpose);
        InvocationResult result;
        try {
            result = invoke(StackRole.RECOVERY, functionId, "{}");
        } catch (RuntimeException e) {
            // the function cannot even be started (its environment names what the template lacks, its jar is missing)
            progress.line("%s FAILED to start: %s", functionId, e.getMessage());
            return new DrillResult.ScheduledStep(functionId, purpose, true, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return switch (result) {
            case InvocationResult.Success success -> new DrillResult.ScheduledStep(functionId, purpose, true, true, success.json());
            case InvocationResult.Failure failure -> {
                progress.line("%s FAILED: %s: %s", functionId, failure.errorType(), failure.errorMessage());
                yield new DrillResult.ScheduledStep(functionId, purpose, true, false, failure.errorType() + ": " + failure.errorMessage());
            }
        };
    }

    private DrillResult.Restore restore(RestoreWorkflow workflow, DemoEstate.Resource resource, String recovery, LocalEventBus bus,
                                        DrillEvents events) {
        // not drill-*: that prefix marks the recovery stack's scheduled drills, whose function cleans their restores up
        String execution = "dr-" + resource.kind().resourceType() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String request = restoreRequest(resource, execution);
        progress.line("restoring %s %s in %s (execution %s)", resource.kind().description(), resource.id(), recovery, execution);
        try {
            RestoreWorkflow.Execution run = workflow.run(execution, request, state -> { });
            Duration rto = measured(run.history());
            if (!run.history().isEmpty()) {
                // Step Functions announces the end of every execution on the region's bus: metrics and alerts hear it
                bus.put(events.restoreExecutionEnded(run.arn(), run.status().toString(), run.history().get(0).timestamp(),
                        run.history().get(run.history().size() - 1).timestamp(), request, run.output().orElse(null)));
            }
            JsonNode output = run.output().map(Drill::parse).orElse(Json.MAPPER.createObjectNode());
            boolean validated = run.succeeded() && "RESTORED".equals(output.path("status").asText());
            String restored = output.path("restoredResource").asText("");
            String problem = run.succeeded() ? (validated ? "" : "output: " + output)
                    : run.error().orElse("") + ": " + run.cause().orElse("");
            progress.line("restore of %s %s in %.1f s%s", resource.id(), validated ? "VALIDATED as " + restored : run.status() + " (" + problem + ")",
                    rto.toMillis() / 1000.0, "");
            return new DrillResult.Restore(resource, execution, run.status().toString(), validated, rto, restored, problem);
        } catch (RuntimeException e) {
            progress.line("restore of %s did not finish: %s", resource.id(), e.getMessage());
            return new DrillResult.Restore(resource, execution, "ERROR", false, Duration.ZERO, "", String.valueOf(e.getMessage()));
        }
    }

    /** The sample restore request for the resource's type ({@code events/restore-request-*.json}), naming the drill's resource. */
    String restoreRequest(DemoEstate.Resource resource, String requestId) {
        Path file = repository.resolve("events").resolve("restore-request-" + resource.kind().resourceType() + ".json");
        ObjectNode request;
        try {
            request = (ObjectNode) Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the sample restore request " + file, e);
        }
        request.put("requestId", requestId);
        request.put("sourceResource", resource.id());
        return request.toString();
    }

    /** The execution's duration as Step Functions measured it: from its first history event to its last. */
    static Duration measured(List<HistoryEvent> history) {
        if (history.isEmpty()) {
            return Duration.ZERO;
        }
        return Duration.between(history.get(0).timestamp(), history.get(history.size() - 1).timestamp());
    }

    /**
     * Runs a function of {@code stack} from its deployable jar with the environment the template
     * gives it there, warm after its first event, as on Lambda.
     */
    private InvocationResult invoke(StackRole stack, String functionId, String eventJson) {
        Map<String, String> variables = invoker.environment(functionId, stackEnvironment(template, stack, parameters, environment, functionId));
        return functions.invoke(stack + "/" + functionId, functionId, eventJson, variables);
    }

    /**
     * The variables a function gets in {@code stack}: the template's, resolved for that stack, and
     * the stack's region. A function both stacks create (metrics, alerts, copy completion) runs
     * with the recovery stack's settings when an event of the recovery region reaches it.
     */
    public static Map<String, String> stackEnvironment(Template template, StackRole stack, Map<String, String> parameters,
                                                       Map<String, String> environment, String functionId) {
        ServerlessFunction function = template.function(functionId);
        LocalNames names = new LocalNames(template, stack, parameters, environment);
        Map<String, String> variables = new LinkedHashMap<>(names.environment(function));
        variables.put("AWS_REGION", names.region());
        variables.put("AWS_DEFAULT_REGION", names.region());
        variables.put("AWS_LAMBDA_FUNCTION_NAME", names.physicalName(functionId));
        return variables;
    }

    private static String scheduledEvent(String region, String functionId) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", Emulator.ACCOUNT);
        event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        event.putArray("resources").add("arn:aws:events:" + region + ":" + Emulator.ACCOUNT + ":rule/" + functionId + "-schedule");
        event.putObject("detail");
        return event.toString();
    }

    private static String names(List<LocalEventBus.Rule> rules) {
        return rules.isEmpty() ? "none" : String.join(", ", rules.stream().map(LocalEventBus.Rule::name).toList());
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode().put("unreadable", json);
        }
    }

    @Override
    public void close() {
        functions.close();
        door.close();
        moto.close();
    }

    /** Queues subscribed to each stack's alert topic, as a person's mailbox would be. */
    private static final class AlertInbox {

        private static final String QUEUE = "lifeboat-drill-alerts";

        private final Map<String, SqsClient> sqs;
        private final Map<String, String> urls = new LinkedHashMap<>();

        AlertInbox(Template template, Map<String, String> parameters, Map<String, String> environment, Emulator emulator,
                   Map<String, SqsClient> sqs) {
            this.sqs = sqs;
            for (StackRole role : StackRole.values()) {
                LocalNames names = new LocalNames(template, role, parameters, environment);
                String region = names.region();
                String url = sqs.get(region).createQueue(r -> r.queueName(QUEUE)).queueUrl();
                urls.put(region, url);
                try (SnsClient sns = emulator.client(SnsClient.builder(), Region.of(region))) {
                    sns.subscribe(r -> r.topicArn(String.valueOf(names.ref("AlertTopic"))).protocol("sqs")
                            .endpoint("arn:aws:sqs:" + region + ":" + Emulator.ACCOUNT + ":" + QUEUE));
                }
            }
        }

        /** Every message that reached the region's alert topic since the last read. */
        List<DrillResult.Alert> read(String region) {
            List<DrillResult.Alert> alerts = new ArrayList<>();
            List<Message> batch;
            do {
                batch = sqs.get(region).receiveMessage(r -> r.queueUrl(urls.get(region)).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
                for (Message message : batch) {
                    JsonNode notification = parse(message.body());
                    alerts.add(new DrillResult.Alert(region, notification.path("Subject").asText(""),
                            notification.path("Message").asText(message.body())));
                    sqs.get(region).deleteMessage(r -> r.queueUrl(urls.get(region)).receiptHandle(message.receiptHandle()));
                }
            } while (!batch.isEmpty());
            return alerts;
        }
    }
}
