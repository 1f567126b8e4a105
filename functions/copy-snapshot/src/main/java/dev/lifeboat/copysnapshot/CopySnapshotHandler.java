package dev.lifeboat.copysnapshot;

import static dev.lifeboat.shared.config.FunctionEnvironment.required;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.event.EventEnvelope;
import dev.lifeboat.shared.event.InvalidEventException;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.ledger.DynamoDbLedger;
import dev.lifeboat.shared.policy.InvalidPolicyException;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.policy.SsmPolicyCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Consumes the copy queue: each SQS record holds one EventBridge event naming recovery points to
 * copy (EBS snapshots, RDS and Aurora snapshots, AWS Backup recovery points). Records that fail
 * are reported as batch item failures, so only they are delivered again, and after the queue's
 * last delivery they rest in the dead-letter queue, where an alarm is waiting. A record whose copy
 * must wait for a free slot is sent back to the queue with a delay and counts as handled.
 */
public final class CopySnapshotHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(CopySnapshotHandler.class);

    static final int DEFAULT_DEFER_SECONDS = 60;
    static final int DEFAULT_MAX_DEFERRALS = 200;

    private final RecoveryPointCopyService service;
    private final CopyDeferral deferral;
    private final int maxDeferrals;
    private final String metricsNamespace;

    /** Production wiring: clients from the Lambda environment, built once per execution environment. */
    public CopySnapshotHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    /** Wiring from an explicit environment: the local runtime and tests. */
    public CopySnapshotHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public CopySnapshotHandler(RecoveryPointCopyService service, CopyDeferral deferral, int maxDeferrals, String metricsNamespace) {
        this.service = service;
        this.deferral = deferral;
        this.maxDeferrals = maxDeferrals;
        this.metricsNamespace = metricsNamespace;
    }

    private CopySnapshotHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(environment, clients, new SsmPolicyCatalog(clients.client(SsmClient.builder(), "SSM"), environment.get("POLICY_PARAMETER"),
                        PolicyDocument.parseDefault(environment.get("DEFAULT_POLICY"))),
                new DynamoDbLedger(clients.client(DynamoDbClient.builder(), "DYNAMODB"), required(environment, "LEDGER_TABLE"),
                        Clock.systemUTC()),
                CopyCaps.fromEnvironment(environment));
    }

    private CopySnapshotHandler(Map<String, String> environment, AwsClientFactory clients, SsmPolicyCatalog policies,
                                DynamoDbLedger ledger, CopyCaps caps) {
        this(environment, clients, policies, ledger, caps,
                new CrossAccount(RecoveryAccounts.fromEnvironment(environment, clients), new KmsSourceKeys(clients)));
    }

    private CopySnapshotHandler(Map<String, String> environment, AwsClientFactory clients, SsmPolicyCatalog policies,
                                DynamoDbLedger ledger, CopyCaps caps, CrossAccount crossAccount) {
        this(new RecoveryPointCopyService(
                        new SnapshotCopyService(new Ec2Snapshots(clients), policies, ledger, new CopySlots(ledger, caps), crossAccount),
                        new RdsSnapshotCopyService(new RdsApiSnapshots(clients), policies, ledger, caps, crossAccount),
                        new BackupCopyService(new AwsBackupCopyJobs(clients), policies, ledger, caps,
                                environment.getOrDefault("RECOVERY_VAULT_NAME", "lifeboat-recovery"), environment.get("BACKUP_COPY_ROLE_ARN"))),
                deferral(environment, clients),
                number(environment, "COPY_MAX_DEFERRALS", DEFAULT_MAX_DEFERRALS),
                environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat"));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event));
    }

    private SQSBatchResponse handle(SQSEvent event) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(metricsNamespace);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        try {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            for (SQSEvent.SQSMessage record : records) {
                if (!handleRecord(record, metrics)) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder()
                            .withItemIdentifier(record.getMessageId()).build());
                }
            }
        } finally {
            metrics.flush();
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** True when the record is done with: copied, already copied or rightly skipped. */
    private boolean handleRecord(SQSEvent.SQSMessage record, Metrics metrics) {
        String messageId = record.getMessageId();
        try {
            EventEnvelope event = EventEnvelope.parse(record.getBody());
            boolean deferred = false;
            for (CopyOutcome outcome : service.handle(event)) {
                report(messageId, event, outcome, metrics);
                deferred |= outcome instanceof CopyOutcome.Deferred;
            }
            if (deferred) {
                int deferrals = deferrals(record);
                if (deferrals >= maxDeferrals) {
                    throw new CopyFailedException("deferred " + deferrals + " times for lack of a copy slot: giving the record"
                            + " back to the queue as failed (is the poller releasing slots?)", true, null);
                }
                deferral.defer(record.getBody(), deferrals);
                metrics.addMetric("CopiesDeferred", 1, MetricUnit.COUNT);
            }
            return true;
        } catch (InvalidEventException e) {
            LOG.error("Rejected record {}: {}", messageId, e.getMessage(),
                    entry("messageId", messageId), entry("invalidField", e.field()), entry("receiveCount", receiveCount(record)));
            metrics.addMetric("InvalidEvents", 1, MetricUnit.COUNT);
            return false;
        } catch (CopyFailedException e) {
            LOG.error("Copy failed for record {} ({}): {}", messageId, e.retryable() ? "will retry" : "needs attention",
                    SafeText.bounded(e.getMessage(), 1000),
                    entry("messageId", messageId), entry("retryable", e.retryable()), entry("receiveCount", receiveCount(record)));
            metrics.addMetric("CopyStartFailures", 1, MetricUnit.COUNT);
            return false;
        } catch (InvalidPolicyException e) {
            LOG.error("Cannot copy for record {}: the policy document is invalid: {}", messageId, e.getMessage(),
                    entry("messageId", messageId));
            metrics.addMetric("CopyStartFailures", 1, MetricUnit.COUNT);
            return false;
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure on record {}", messageId, e);
            metrics.addMetric("CopyStartFailures", 1, MetricUnit.COUNT);
            return false;
        }
    }

    private static void report(String messageId, EventEnvelope event, CopyOutcome outcome, Metrics metrics) {
        switch (outcome) {
            case CopyOutcome.Started started -> {
                LOG.info("Copy of {} started in {} as {} (policy {})", started.snapshotId(), started.destinationRegion(),
                        started.copySnapshotId(), started.policy(),
                        entry("messageId", messageId), entry("eventId", event.id()));
                metrics.addMetric("CopiesStarted", 1, MetricUnit.COUNT);
            }
            case CopyOutcome.AlreadyCopied already -> {
                LOG.info("{} is already copied to {} as {}: nothing to do", already.snapshotId(), already.destinationRegion(),
                        already.copySnapshotId(), entry("messageId", messageId), entry("eventId", event.id()));
                metrics.addMetric("DuplicateCopyRequests", 1, MetricUnit.COUNT);
            }
            case CopyOutcome.Deferred deferred -> LOG.info("Copy of {} deferred: {}", deferred.snapshotId(), deferred.reason(),
                    entry("messageId", messageId), entry("eventId", event.id()));
            case CopyOutcome.Skipped skipped -> {
                LOG.info("Not copying {}: {}", skipped.snapshotId().isEmpty() ? "event " + event.id() : skipped.snapshotId(),
                        SafeText.bounded(skipped.reason(), 300), entry("messageId", messageId), entry("eventId", event.id()));
                metrics.addMetric("CopiesSkipped", 1, MetricUnit.COUNT);
            }
        }
    }

    private static String receiveCount(SQSEvent.SQSMessage record) {
        return record.getAttributes() == null ? "?" : record.getAttributes().getOrDefault("ApproximateReceiveCount", "?");
    }

    /** Deferral through the copy queue; without {@code COPY_QUEUE_URL} a deferred record fails and is retried by redelivery. */
    private static CopyDeferral deferral(Map<String, String> environment, AwsClientFactory clients) {
        String queueUrl = environment.get("COPY_QUEUE_URL");
        if (queueUrl == null || queueUrl.isBlank()) {
            return (body, deferrals) -> {
                throw new CopyFailedException("COPY_QUEUE_URL is not set (see template.yaml): the record is retried by redelivery", true, null);
            };
        }
        return new SqsCopyDeferral(() -> clients.client(SqsClient.builder(), "SQS"), queueUrl,
                number(environment, "COPY_DEFER_SECONDS", DEFAULT_DEFER_SECONDS));
    }

    private static int deferrals(SQSEvent.SQSMessage record) {
        if (record.getMessageAttributes() == null) {
            return 0;
        }
        SQSEvent.MessageAttribute attribute = record.getMessageAttributes().get(SqsCopyDeferral.DEFERRALS);
        try {
            return attribute == null || attribute.getStringValue() == null ? 0 : Integer.parseInt(attribute.getStringValue().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int number(Map<String, String> environment, String name, int fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be a whole number, got '" + value + "'");
        }
    }
}
