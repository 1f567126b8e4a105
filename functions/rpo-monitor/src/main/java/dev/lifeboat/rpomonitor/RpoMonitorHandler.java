package dev.lifeboat.rpomonitor;

import static dev.lifeboat.shared.config.FunctionEnvironment.required;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.config.FunctionEnvironment;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.policy.SsmPolicyCatalog;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The hourly RPO check of the recovery stack (EventBridge Scheduler invokes it; its input may be
 * {@code {"alert": false}} to report without alerting). Emits {@code RecoveryPointAgeHours} per
 * resource and the compliance counts, alerts through the fold table, and returns the per-resource
 * summary as JSON (see {@link RpoSummary}).
 */
public final class RpoMonitorHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(RpoMonitorHandler.class);
    static final int DEFAULT_PRIMARY_TIMEOUT_SECONDS = 5;

    private final RpoMonitorService service;
    private final String metricsNamespace;
    private final String region;

    /** Production wiring: clients from the Lambda environment, built once per execution environment. */
    public RpoMonitorHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment(), Clock.systemUTC());
    }

    /** Wiring from an explicit environment: the local runtime and tests. */
    public RpoMonitorHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment), Clock.systemUTC());
    }

    /** Wiring from an explicit environment and clock: tests that move time. */
    public RpoMonitorHandler(Map<String, String> environment, Clock clock) {
        this(environment, new AwsClientFactory(environment), clock);
    }

    public RpoMonitorHandler(RpoMonitorService service, String metricsNamespace, String region) {
        this.service = service;
        this.metricsNamespace = metricsNamespace;
        this.region = region;
    }

    private RpoMonitorHandler(Map<String, String> environment, AwsClientFactory clients, Clock clock) {
        this(service(environment, clients, clock), environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"),
                clients.homeRegion().id());
    }

    private static RpoMonitorService service(Map<String, String> environment, AwsClientFactory clients, Clock clock) {
        String recoveryRegion = clients.homeRegion().id();
        String table = required(environment, "RPO_ALERT_TABLE");
        String policyParameter = environment.get("POLICY_PARAMETER");
        SsmPolicyCatalog policies = new SsmPolicyCatalog(clients.client(SsmClient.builder(), "SSM"), policyParameter,
                PolicyDocument.parseDefault(environment.get("DEFAULT_POLICY")));

        Optional<BackupVaultCopies> vault = Optional.ofNullable(environment.get("RECOVERY_VAULT_NAME")).map(String::trim)
                .filter(name -> !name.isEmpty())
                .map(name -> new BackupVaultCopies(new RestJsonApi(clients.httpClient(), clients.credentials(), "backup", recoveryRegion,
                        clients.endpointFor("BACKUP")), name, recoveryRegion));

        Optional<PrimaryResources> primary = Optional.ofNullable(environment.get("PRIMARY_REGION")).map(String::trim)
                .filter(name -> !name.isEmpty()).map(name -> {
                    Duration timeout = Duration.ofSeconds(FunctionEnvironment.wholeNumber(environment, "PRIMARY_TIMEOUT_SECONDS",
                            DEFAULT_PRIMARY_TIMEOUT_SECONDS, 1, 60));
                    Optional<URI> endpoint = Optional.ofNullable(environment.get("PRIMARY_REGION_ENDPOINT_URL")).map(String::trim)
                            .filter(url -> !url.isEmpty()).map(URI::create);
                    PrimaryRegionClients primaryClients = new PrimaryRegionClients(clients, Region.of(name), endpoint, timeout);
                    return new PrimaryRegionResources(primaryClients.client(Ec2Client.builder(), "EC2"),
                            primaryClients.client(RdsClient.builder(), "RDS"), name);
                });

        RpoAlerting alerting = new RpoAlerting(new DynamoDbAlertStates(clients.client(DynamoDbClient.builder(), "DYNAMODB"), table),
                new SnsAlertSink(clients.client(SnsClient.builder(), "SNS"), environment.get("ALERT_TOPIC_ARN")),
                new RpoAlertText(recoveryRegion, policyParameter));
        return new RpoMonitorService(new SnapshotCopies(clients.client(Ec2Client.builder(), "EC2"), clients.client(RdsClient.builder(), "RDS")),
                vault, primary, new RpoEvaluation(policies), alerting, recoveryRegion, clock);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(input, context));
    }

    private Map<String, Object> handle(Map<String, Object> input, Context context) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(metricsNamespace);
        // every metric carries exactly the dimensions the alarms and dashboard name: no Service dimension
        metrics.clearDefaultDimensions();
        metrics.addDimension("Region", region);
        List<ResourceReport> ages = new ArrayList<>();
        try {
            boolean alert = !(input != null && Boolean.FALSE.equals(input.get("alert")));
            RpoRun run = service.run(account(context), alert);
            metrics.addMetric("ProtectedResources", run.resources().size(), MetricUnit.COUNT);
            metrics.addMetric("RpoCompliantResources", run.compliant(), MetricUnit.COUNT);
            metrics.addMetric("RpoBreachedResources", run.breached(), MetricUnit.COUNT);
            metrics.addMetric("ResourcesWithoutCopy", run.withoutCopy(), MetricUnit.COUNT);
            if (run.primaryRegion().isPresent()) {
                metrics.addMetric("PrimaryRegionReachable", run.primaryRegionReachable() ? 1 : 0, MetricUnit.COUNT);
            }
            if (run.recoveryVault().isPresent()) {
                metrics.addMetric("RecoveryVaultReadable", run.recoveryVaultReadable() ? 1 : 0, MetricUnit.COUNT);
            }
            metrics.addMetric("RpoAlertsSent", run.alerts().raised(), MetricUnit.COUNT);
            metrics.addMetric("RpoRecoveriesSent", run.alerts().cleared(), MetricUnit.COUNT);
            metrics.addMetric("RpoAlertFailures", run.alerts().failed(), MetricUnit.COUNT);
            run.resources().stream().filter(report -> report.ageHours().isPresent()).forEach(ages::add);
            for (ResourceReport report : run.resources()) {
                // the resource and policy come from tags anyone who may tag a snapshot can write
                String resource = SafeText.bounded(report.sourceArn(), 300);
                LOG.info("{} {}: {}{}", resource, report.status(), report.ageHours().map(a -> RpoEvaluation.hours(a) + " old").orElse("no copy"),
                        report.rpoHours().map(rpo -> ", RPO " + RpoEvaluation.hours(rpo)).orElse(", RPO unknown"),
                        entry("resource", resource), entry("status", report.status().name()), entry("policy", SafeText.bounded(report.policy(), 128)));
            }
            LOG.info("RPO check: {} protected, {} compliant, {} breached ({} without a copy); alerts {} sent, {} folded, {} cleared, {} failed",
                    run.resources().size(), run.compliant(), run.breached(), run.withoutCopy(), run.alerts().raised(), run.alerts().folded(),
                    run.alerts().cleared(), run.alerts().failed());
            return RpoSummary.of(run);
        } finally {
            metrics.flush();
            for (ResourceReport report : ages) {
                metrics.flushSingleMetric("RecoveryPointAgeHours", report.ageHours().orElseThrow(), MetricUnit.NONE, metricsNamespace,
                        DimensionSet.of("Resource", SafeText.bounded(report.sourceArn(), 1000)));
            }
        }
    }

    /** The account this function runs in, from its ARN: the owner of the resources it lists. */
    private static String account(Context context) {
        String arn = context == null ? null : context.getInvokedFunctionArn();
        return arn == null ? "" : SourceArns.account(arn).orElse("");
    }
}
