package dev.lifeboat.retention;

import static dev.lifeboat.shared.config.FunctionEnvironment.required;
import static dev.lifeboat.shared.config.FunctionEnvironment.wholeNumber;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.policy.SsmPolicyCatalog;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The daily retention run in the recovery region (EventBridge Scheduler). Input
 * {@code {"dryRun": true}} (or the function's {@code DRY_RUN=true}) lists what would be deleted and
 * archived and touches nothing; an empty input or {@code {}} is a real run. The result summarises
 * the run; the invocation fails at the end when anything failed, after doing everything else.
 */
public final class RetentionHandler implements RequestHandler<Object, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionHandler.class);

    private final RetentionService service;
    private final boolean alwaysDryRun;
    private final String metricsNamespace;
    private final String region;

    /** Production wiring: clients from the Lambda environment, built once per execution environment. */
    public RetentionHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    /** Wiring from an explicit environment: the local runtime and tests. */
    public RetentionHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public RetentionHandler(RetentionService service, boolean alwaysDryRun, String metricsNamespace, String region) {
        this.service = service;
        this.alwaysDryRun = alwaysDryRun;
        this.metricsNamespace = metricsNamespace;
        this.region = region;
    }

    private RetentionHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(service(environment, clients), dryRun(environment), environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"),
                clients.homeRegion().id());
    }

    private static RetentionService service(Map<String, String> environment, AwsClientFactory clients) {
        String stateMachine = required(environment, "RESTORE_STATE_MACHINE_ARN");
        Supplier<Ec2Client> ec2 = memoize(() -> clients.client(Ec2Client.builder(), "EC2"));
        Supplier<RdsClient> rds = memoize(() -> clients.client(RdsClient.builder(), "RDS"));
        Supplier<SfnClient> sfn = memoize(() -> clients.client(SfnClient.builder(), "SFN"));
        RetentionLimits limits = new RetentionLimits(
                (int) wholeNumber(environment, "MAX_ACTIONS_PER_RUN", RetentionLimits.DEFAULT.maxActions(), 0, 1_000_000),
                1000 * wholeNumber(environment, "STOP_MARGIN_SECONDS", RetentionLimits.DEFAULT.stopMarginMillis() / 1000, 0, 900));
        return new RetentionService(
                new AwsRecoveryCopies(ec2, rds, clients.homeRegion().id()),
                new AwsRestoreActivity(sfn, ec2, rds, stateMachine),
                new SsmPolicyCatalog(clients.client(SsmClient.builder(), "SSM"), environment.get("POLICY_PARAMETER"),
                        PolicyDocument.parseDefault(environment.get("DEFAULT_POLICY"))),
                Clock.systemUTC(), limits);
    }

    private static boolean dryRun(Map<String, String> environment) {
        String value = environment.getOrDefault("DRY_RUN", "").trim();
        if (value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalStateException("environment variable DRY_RUN must be true or false, got '" + SafeText.bounded(value, 40) + "'");
    }

    @Override
    public Map<String, Object> handleRequest(Object event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event, context));
    }

    private Map<String, Object> handle(Object event, Context context) {
        RetentionRequest request;
        try {
            request = RetentionRequest.parse(event);
        } catch (InvalidRetentionRequestException e) {
            LOG.error("Rejected the retention input: {}", e.getMessage(), entry("invalidField", e.field()));
            throw e;
        }
        boolean dryRun = alwaysDryRun || request.dryRun();
        RetentionReport report = service.run(dryRun, () -> context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis());
        publish(report);
        Map<String, Object> result = report.toResult();
        LOG.info("Retention {}: {}", dryRun ? "dry run" : "run", summary(report), entry("dryRun", dryRun),
                entry("complete", report.complete()), entry("deferred", report.deferred()), entry("failures", report.failureCount()));
        if (report.failed()) {
            throw new RetentionFailedException(report.failureCount() + " failure(s) in the retention run (the rest was done): "
                    + report.failures().stream().limit(5).map(f -> f.copyId() + ": " + f.error()).collect(Collectors.joining("; "))
                    + (report.runFailures().isEmpty() ? "" : "; " + String.join("; ", report.runFailures().stream().limit(5).toList())));
        }
        return result;
    }

    private void publish(RetentionReport report) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(metricsNamespace);
        // exactly the dimensions the alarms name: ResourceType per kind of copy, Region for the run
        metrics.clearDefaultDimensions();
        try {
            for (CopyKind kind : CopyKind.values()) {
                RetentionReport.Counts counts = report.counts(kind);
                DimensionSet type = DimensionSet.of("ResourceType", kind.tagValue());
                metrics.flushSingleMetric(report.dryRun() ? "CopiesWouldDelete" : "CopiesDeleted", counts.deleted(), MetricUnit.COUNT,
                        metricsNamespace, type);
                metrics.flushSingleMetric(report.dryRun() ? "CopiesWouldArchive" : "CopiesArchived", counts.archived(), MetricUnit.COUNT,
                        metricsNamespace, type);
                metrics.flushSingleMetric("CopiesKept", counts.kept(), MetricUnit.COUNT, metricsNamespace, type);
                metrics.flushSingleMetric("RetentionFailures", counts.failed(), MetricUnit.COUNT, metricsNamespace, type);
            }
            metrics.addDimension("Region", region);
            metrics.addMetric("RetentionFailures", report.failureCount(), MetricUnit.COUNT);
            metrics.addMetric("RetentionActionsDeferred", report.deferred(), MetricUnit.COUNT);
            metrics.addMetric("UnknownPolicyCopies", report.unknownPolicyCopies(), MetricUnit.COUNT);
        } finally {
            metrics.flush();
        }
    }

    private static String summary(RetentionReport report) {
        StringBuilder text = new StringBuilder();
        for (CopyKind kind : CopyKind.values()) {
            RetentionReport.Counts counts = report.counts(kind);
            text.append(kind.tagValue()).append(": ").append(counts.examined()).append(" examined, ").append(counts.kept()).append(" kept, ")
                    .append(counts.deleted()).append(report.dryRun() ? " to delete, " : " deleted, ").append(counts.archived())
                    .append(report.dryRun() ? " to archive, " : " archived, ").append(counts.failed()).append(" failed; ");
        }
        text.append(report.deferred()).append(" left for the next run");
        return text.toString();
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
