package dev.lifeboat.copysnapshot;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.lifeboat.shared.aws.AwsClientFactory;
import dev.lifeboat.shared.ledger.DynamoDbLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Runs on a schedule in the recovery stack: settles the copies into this Region that raised no
 * completion event (see {@link CopyStatusPoller}). Takes any event (the schedule's) and answers
 * with what it found.
 */
public final class CopyStatusPollHandler implements RequestHandler<Map<String, Object>, Map<String, Integer>> {

    private static final Logger LOG = LoggerFactory.getLogger(CopyStatusPollHandler.class);

    private final CopyStatusPoller poller;

    public CopyStatusPollHandler() {
        this(System.getenv(), AwsClientFactory.fromProcessEnvironment());
    }

    public CopyStatusPollHandler(Map<String, String> environment) {
        this(environment, new AwsClientFactory(environment));
    }

    public CopyStatusPollHandler(CopyStatusPoller poller) {
        this.poller = poller;
    }

    private CopyStatusPollHandler(Map<String, String> environment, AwsClientFactory clients) {
        this(new CopyStatusPoller(
                new DynamoDbLedger(clients.client(DynamoDbClient.builder(), "DYNAMODB",
                        Region.of(environment.getOrDefault("LEDGER_REGION", clients.homeRegion().id()))),
                        environment.get("LEDGER_TABLE"), Clock.systemUTC()),
                CopyCompletionHandler.completionService(environment, clients),
                new Ec2Snapshots(clients), new RdsApiSnapshots(clients), new AwsBackupCopyJobs(clients),
                destinations(environment, clients),
                Duration.ofHours(Long.parseLong(environment.getOrDefault("COPY_SLOT_MAX_HOURS", "72").trim())),
                Clock.systemUTC()));
    }

    @Override
    public Map<String, Integer> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            CopyStatusPoller.PollResult result = poller.poll();
            LOG.info("Polled {} copies in flight: {} settled, {} slots freed", result.inFlight(), result.settled(), result.freed());
            return Map.of("inFlight", result.inFlight(), "settled", result.settled(), "freed", result.freed());
        });
    }

    /** {@code POLL_DESTINATIONS} (comma-separated), else this Region. */
    private static List<String> destinations(Map<String, String> environment, AwsClientFactory clients) {
        String value = environment.getOrDefault("POLL_DESTINATIONS", "");
        return value.isBlank() ? List.of(clients.homeRegion().id())
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
