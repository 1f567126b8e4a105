package dev.lifeboat.restoredrill;

import static dev.lifeboat.shared.config.FunctionEnvironment.required;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.config.FunctionEnvironment;
import dev.lifeboat.shared.event.InvalidEventException;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.policy.SsmPolicyCatalog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The restore drill function, for three triggers (see {@link DrillEvent}): the daily schedule
 * starts drills ({@link DrillScheduler}); a drill execution's status change finishes one
 * ({@link DrillFinisher}); a completed AWS Backup restore test is validated and reported back
 * ({@link RestoreTestValidation}). Metrics, with the dimension {@code Region}: {@code DrillSucceeded}
 * (1 or 0 per finished drill), {@code DrillRestoreSeconds} (per drill that succeeded),
 * {@code DrillsStarted}, {@code DrillsNotPossible}, {@code DrillCleanupFailed}, {@code InvalidEvents}.
 *
 * <p>An event that cannot be read is logged, naming the field, and answered as rejected, never
 * thrown: EventBridge would only retry it. A failure a retry may cure (throttling, a resource not
 * deletable yet) is thrown, so EventBridge or the schedule retries it.
 */
public final class RestoreDrillHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreDrillHandler.class);

    private final Supplier<DrillScheduler> scheduler;
    private final Supplier<DrillFinisher> finisher;
    private final Supplier<RestoreTestValidation> restoreTests;
    private final String metricsNamespace;
    private final String region;

    /** Production wiring: clients from the Lambda environment, each built on first use. */
    public RestoreDrillHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    /** Wiring from an explicit environment: the local runtime and tests. */
    public RestoreDrillHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public RestoreDrillHandler(Supplier<DrillScheduler> scheduler, Supplier<DrillFinisher> finisher, Supplier<RestoreTestValidation> restoreTests,
                               String metricsNamespace, String region) {
        this.scheduler = memoize(scheduler);
        this.finisher = memoize(finisher);
        this.restoreTests = memoize(restoreTests);
        this.metricsNamespace = metricsNamespace;
        this.region = region;
    }

    private RestoreDrillHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(new Wiring(environment, clients), environment);
    }

    private RestoreDrillHandler(Wiring wiring, Map<String, String> environment) {
        this(wiring::scheduler, wiring::finisher, wiring::restoreTests, environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"),
                wiring.clients.homeRegion().id());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private Map<String, Object> handle(Map<String, Object> event) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(metricsNamespace);
        // every metric carries exactly the dimensions the alarms name: no Service dimension
        metrics.clearDefaultDimensions();
        Map<String, Object> answer = new LinkedHashMap<>();
        DrillEvent parsed;
        try {
            parsed = DrillEvent.parse(Json.MAPPER.valueToTree(event));
        } catch (InvalidEventException e) {
            JsonNode json = Json.MAPPER.valueToTree(event);
            LOG.error("Rejected event {}: {}", SafeText.bounded(json == null ? "" : json.path("id").asText(""), 80), e.getMessage(),
                    entry("invalidField", e.field()));
            count(metrics, "InvalidEvents", 1);
            answer.put("rejected", e.getMessage());
            return answer;
        }
        switch (parsed) {
            case DrillEvent.StartDrills start -> {
                DrillScheduler.Started started = scheduler.get().startDrills();
                started.started().forEach(drill -> LOG.info("Started drill {}: {} {} from {} (policy {})", drill.drillId(),
                        drill.copy().kind().wireName(), SafeText.bounded(drill.copy().sourceResource(), 200), drill.copy().id(), drill.policy(),
                        entry("drillId", drill.drillId())));
                started.alreadyStarted().forEach(drill -> LOG.info("Drill {} was already started: nothing new", drill.drillId(),
                        entry("drillId", drill.drillId())));
                started.skipped().forEach(line -> LOG.info("Not drilled: {}", line));
                started.problems().forEach(line -> LOG.error("Drill not possible: {}", line));
                if (!started.deferred().isEmpty()) {
                    LOG.info("Deferred to a later day (drill slots full): {}", started.deferred());
                }
                count(metrics, "DrillsStarted", started.started().size());
                if (!started.problems().isEmpty()) {
                    count(metrics, "DrillsNotPossible", started.problems().size());
                }
                answer.put("started", started.started().stream().map(PlannedDrill::drillId).toList());
                answer.put("alreadyStarted", started.alreadyStarted().stream().map(PlannedDrill::drillId).toList());
                answer.put("deferred", started.deferred());
                answer.put("skipped", started.skipped());
                answer.put("problems", started.problems());
            }
            case DrillEvent.ExecutionEnded ended -> finisher.get().finish(ended).ifPresentOrElse(finished -> {
                DrillRecord record = finished.record();
                answer.put("drillId", record.drillId());
                answer.put("outcome", record.outcome());
                answer.put("restoreSeconds", record.restoreSeconds().orElse(0.0));
                answer.put("cleanedUp", record.cleanedUp());
                answer.put("cleanup", finished.cleanup().summary());
                answer.put("alerted", finished.alerted());
                if (!finished.firstFinish()) {
                    LOG.info("Drill {} was already recorded as finished: cleanup checked again, nothing reported twice", record.drillId(),
                            entry("drillId", record.drillId()));
                    answer.put("duplicate", true);
                    return;
                }
                LOG.info("Drill {} {} in {} s; cleanup: {}", record.drillId(), record.outcome(), record.restoreSeconds().orElse(0.0),
                        finished.cleanup().summary(), entry("drillId", record.drillId()), entry("outcome", record.outcome()));
                drillMetrics(metrics, finished.succeeded(), record);
                if (!finished.cleanup().failed().isEmpty()) {
                    count(metrics, "DrillCleanupFailed", 1);
                }
            }, () -> {
                LOG.info("Execution {} is not a drill: nothing to do", SafeText.bounded(ended.name(), 80));
                answer.put("ignored", ended.name());
            });
            case DrillEvent.RestoreTestCompleted test -> {
                RestoreTestValidation.Validated validated = restoreTests.get().validate(test);
                answer.put("drillId", validated.record().drillId());
                answer.put("validationStatus", validated.status());
                answer.put("summary", validated.summary());
                if (validated.firstReport()) {
                    LOG.info("Restore test {} validated {}: {}", test.restoreJobId(), validated.status(), validated.summary(),
                            entry("drillId", validated.record().drillId()));
                    drillMetrics(metrics, validated.succeeded(), validated.record());
                } else {
                    answer.put("duplicate", true);
                }
            }
        }
        return answer;
    }

    private void drillMetrics(Metrics metrics, boolean succeeded, DrillRecord record) {
        count(metrics, "DrillSucceeded", succeeded ? 1 : 0);
        if (succeeded) {
            record.restoreSeconds().ifPresent(seconds -> metrics.flushSingleMetric("DrillRestoreSeconds", seconds, MetricUnit.SECONDS,
                    metricsNamespace, DimensionSet.of("Region", region)));
        }
    }

    private void count(Metrics metrics, String name, double value) {
        metrics.flushSingleMetric(name, value, MetricUnit.COUNT, metricsNamespace, DimensionSet.of("Region", region));
    }

    /** Builds what a trigger needs, on first use: a scheduled start touches neither SNS for finishes nor AWS Backup. */
    private static final class Wiring {
        private final Map<String, String> environment;
        private final AwsClientFactory clients;
        private final Supplier<SfnClient> sfn;
        private final Supplier<Ec2Client> ec2;
        private final Supplier<RdsClient> rds;
        private final Supplier<DrillRecords> records;
        private final Supplier<DrillAlerts> alerts;

        Wiring(Map<String, String> environment, AwsClientFactory clients) {
            this.environment = Map.copyOf(environment);
            this.clients = clients;
            required(environment, "RESTORE_STATE_MACHINE_ARN");
            required(environment, "DRILL_TABLE");
            required(environment, "ALERT_TOPIC_ARN");
            this.sfn = memoize(() -> clients.client(SfnClient.builder(), "SFN"));
            this.ec2 = memoize(() -> clients.client(Ec2Client.builder(), "EC2"));
            this.rds = memoize(() -> clients.client(RdsClient.builder(), "RDS"));
            this.records = memoize(() -> new DynamoDbDrillRecords(clients.client(DynamoDbClient.builder(), "DYNAMODB"),
                    environment.get("DRILL_TABLE")));
            this.alerts = memoize(() -> new SnsDrillAlerts(clients.client(SnsClient.builder(), "SNS"), environment.get("ALERT_TOPIC_ARN")));
        }

        DrillExecutions executions() {
            return new StepFunctionsDrillExecutions(sfn.get(), environment.get("RESTORE_STATE_MACHINE_ARN"));
        }

        DrillScheduler scheduler() {
            int maxConcurrent = (int) FunctionEnvironment.wholeNumber(environment, "MAX_CONCURRENT_DRILLS", 2, 1, 100);
            long seed = FunctionEnvironment.wholeNumber(environment, "DRILL_SEED", 0, Long.MIN_VALUE, Long.MAX_VALUE);
            String instanceClass = environment.getOrDefault("DRILL_DB_INSTANCE_CLASS", "db.t4g.medium");
            SsmPolicyCatalog policies = new SsmPolicyCatalog(clients.client(SsmClient.builder(), "SSM"), environment.get("POLICY_PARAMETER"),
                    PolicyDocument.parseDefault(environment.get("DEFAULT_POLICY")));
            return new DrillScheduler(policies, new TaggedRecoveryCopies(ec2.get(), rds.get()), executions(), records.get(), alerts.get(),
                    new DrillPlanner(seed, instanceClass, Boolean.parseBoolean(environment.getOrDefault("DRILL_DB_TCP_PROBE", "false"))), maxConcurrent, Clock.systemUTC());
        }

        DrillFinisher finisher() {
            return new DrillFinisher(executions(), new TaggedResourceCleaner(ec2.get(), rds.get()), records.get(), alerts.get());
        }

        RestoreTestValidation restoreTests() {
            RestoreValidation validation = new LambdaRestoreValidation(clients.client(LambdaClient.builder(), "LAMBDA"),
                    required(environment, "RESTORE_VALIDATE_FUNCTION_ARN"));
            return new RestoreTestValidation(validation, new BackupRestoreValidationResults(clients.httpClient(), clients.credentials(),
                    clients.homeRegion().id(), clients.endpointFor("BACKUP")), records.get(), alerts.get(), Clock.systemUTC());
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        AtomicReference<T> value = new AtomicReference<>();
        return () -> value.updateAndGet(current -> current == null ? supplier.get() : current);
    }
}
