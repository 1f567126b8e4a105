package dev.lifeboat.healthreport;

import static dev.lifeboat.shared.config.FunctionEnvironment.required;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lifeboat.rpomonitor.BackupVaultCopies;
import dev.lifeboat.rpomonitor.PrimaryRegionClients;
import dev.lifeboat.rpomonitor.PrimaryRegionResources;
import dev.lifeboat.rpomonitor.PrimaryResources;
import dev.lifeboat.rpomonitor.RpoEvaluation;
import dev.lifeboat.rpomonitor.SnapshotCopies;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.config.FunctionEnvironment;
import dev.lifeboat.shared.event.InvalidEventException;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.policy.SsmPolicyCatalog;
import dev.lifeboat.shared.restore.RestJsonApi;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * The health report function (recovery stack, weekly, and on demand). Input {@code {}} or
 * {@code {"periodDays": 7}} (1 to 366); a scheduler's or console's extra fields are ignored.
 * Answers the S3 keys written and the summary's numbers.
 *
 * <p>Environment: {@code REPORT_BUCKET}, {@code REPORT_KMS_KEY}, {@code ALERT_TOPIC_ARN} (required);
 * {@code POLICY_PARAMETER}, {@code DEFAULT_POLICY}, {@code REPORT_PERIOD_DAYS} (default 7),
 * {@code JOB_HISTORY_TABLE} and {@code JOB_HISTORY_REGIONS} (comma-separated, default this region),
 * {@code DRILL_TABLE}, {@code BACKUP_VAULT} (the recovery vault whose recovery points are counted), {@code PRIMARY_REGION}
 * (with {@code PRIMARY_TIMEOUT_SECONDS}, default 5, and {@code PRIMARY_REGION_ENDPOINT_URL}: as the RPO monitor has them, so a
 * tagged resource without any copy is reported as the monitor reports it).
 */
public final class HealthReportHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(HealthReportHandler.class);
    static final String PERIOD_DAYS = "periodDays";
    static final int MAX_PERIOD_DAYS = 366;

    private final HealthReportService service;
    private final int defaultPeriodDays;

    /** Production wiring: clients from the Lambda environment, built once per execution environment. */
    public HealthReportHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    /** Wiring from an explicit environment: the local runtime and tests. */
    public HealthReportHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public HealthReportHandler(HealthReportService service, int defaultPeriodDays) {
        this.service = service;
        this.defaultPeriodDays = defaultPeriodDays;
    }

    private HealthReportHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(service(environment, clients, Clock.systemUTC()),
                (int) FunctionEnvironment.wholeNumber(environment, "REPORT_PERIOD_DAYS", 7, 1, MAX_PERIOD_DAYS));
    }

    static HealthReportService service(Map<String, String> environment, AwsClientFactory clients, Clock clock) {
        String region = clients.homeRegion().id();
        String bucket = required(environment, "REPORT_BUCKET");
        String kmsKey = required(environment, "REPORT_KMS_KEY");
        String topic = required(environment, "ALERT_TOPIC_ARN");
        SsmPolicyCatalog catalog = new SsmPolicyCatalog(clients.client(SsmClient.builder(), "SSM"), environment.get("POLICY_PARAMETER"),
                PolicyDocument.parseDefault(environment.get("DEFAULT_POLICY")));
        Optional<String> vault = optional(environment, "BACKUP_VAULT");
        Optional<RestJsonApi> backup = vault.map(v -> new RestJsonApi(clients.httpClient(), clients.credentials(), "backup", region,
                clients.endpointFor("BACKUP")));
        Ec2Client ec2 = clients.client(Ec2Client.builder(), "EC2");
        RdsClient rds = clients.client(RdsClient.builder(), "RDS");
        Optional<PrimaryResources> primary = optional(environment, "PRIMARY_REGION").map(name -> {
            PrimaryRegionClients primaryClients = new PrimaryRegionClients(clients, Region.of(name),
                    optional(environment, "PRIMARY_REGION_ENDPOINT_URL").map(URI::create),
                    Duration.ofSeconds(FunctionEnvironment.wholeNumber(environment, "PRIMARY_TIMEOUT_SECONDS", 5, 1, 60)));
            return new PrimaryRegionResources(primaryClients.client(Ec2Client.builder(), "EC2"),
                    primaryClients.client(RdsClient.builder(), "RDS"), name);
        });
        RpoAssessment assessment = new RpoAssessment(new SnapshotCopies(ec2, rds),
                backup.map(api -> new BackupVaultCopies(api, vault.get(), region)), primary, new RpoEvaluation(catalog));
        EstateView estate = new MonitoredEstate(assessment, new RecoveryRegionStorage(ec2, rds, backup, vault));
        DynamoDbClient dynamoDb = clients.client(DynamoDbClient.builder(), "DYNAMODB");
        List<HealthReportService.JobSource> jobs = new ArrayList<>();
        optional(environment, "JOB_HISTORY_TABLE").ifPresent(table -> {
            List<String> regions = optional(environment, "JOB_HISTORY_REGIONS")
                    .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of(region));
            for (String historyRegion : regions) {
                DynamoDbClient client = historyRegion.equals(region) ? dynamoDb
                        : clients.client(DynamoDbClient.builder(), "DYNAMODB", Region.of(historyRegion));
                jobs.add(new HealthReportService.JobSource(historyRegion + " " + table, new DynamoDbJobHistory(client, table)));
            }
        });
        Optional<DrillResults> drills = optional(environment, "DRILL_TABLE").map(table -> new DynamoDbDrillResults(dynamoDb, table));
        return new HealthReportService(estate, new HealthReportBuilder(catalog, new RetentionTierClassifier()), jobs, drills,
                new S3ReportStore(s3Objects(clients), bucket, kmsKey, region),
                new SnsSummarySink(clients.client(SnsClient.builder(), "SNS"), topic), region, clock);
    }

    static S3Objects s3Objects(AwsClientFactory clients) {
        return new S3Objects(clients.httpClient(), clients.credentials(), clients.homeRegion().id(), clients.endpointFor("S3"));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event, account(context)));
    }

    /** This function's account, from its ARN: what the RPO monitor assumes for a copy that names no source account. */
    private static String account(Context context) {
        String arn = context == null ? null : context.getInvokedFunctionArn();
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length >= 5 ? parts[4] : "";
    }

    private Map<String, Object> handle(Map<String, Object> event, String account) {
        int periodDays;
        try {
            periodDays = periodDays(event, defaultPeriodDays);
        } catch (InvalidEventException e) {
            LOG.error("Rejected report request: {}", e.getMessage(), entry("invalidField", e.field()));
            throw e;
        }
        HealthReportService.Result result = service.run(periodDays, account);
        LOG.info("Health report written: {} resources, {} beyond RPO, {} failed jobs", result.resources(), result.breaches(), result.failures(),
                entry("htmlKey", result.htmlKey()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("keys", result.keys());
        answer.put("html", result.htmlKey());
        answer.put("periodDays", periodDays);
        answer.put("resources", result.resources());
        answer.put("breaches", result.breaches());
        answer.put("failures", result.failures());
        answer.put("estimatedMonthlyCostUsd", Math.round(result.monthlyCostUsd() * 100) / 100.0);
        return answer;
    }

    /** The period asked for: absent means the default; anything but a whole number of days from 1 to 366 is rejected, naming the field. */
    static int periodDays(Map<String, Object> event, int fallback) {
        if (event == null || !event.containsKey(PERIOD_DAYS) || event.get(PERIOD_DAYS) == null) {
            return fallback;
        }
        Object value = event.get(PERIOD_DAYS);
        long days;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            days = ((Number) value).longValue();
        } else if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && !Double.isInfinite(number.doubleValue())) {
            days = (long) number.doubleValue();
        } else {
            throw new InvalidEventException(PERIOD_DAYS, "expected a whole number of days from 1 to " + MAX_PERIOD_DAYS + ", got '"
                    + SafeText.bounded(String.valueOf(value), 40) + "'");
        }
        if (days < 1 || days > MAX_PERIOD_DAYS) {
            throw new InvalidEventException(PERIOD_DAYS, "expected a whole number of days from 1 to " + MAX_PERIOD_DAYS + ", got " + days);
        }
        return (int) days;
    }

    private static Optional<String> optional(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
