package dev.lifeboat.retention;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.lifeboat.local.testing.LambdaTestContext;
import dev.lifeboat.shared.policy.RetentionTiers;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Retention over 10,000 copies finishes within one Lambda invocation", measured: the selection
 * alone, then a full dry run (listing 10,000 EBS copies in pages of 1,000 from a WireMock EC2 stub,
 * the restore lookup, grouping, planning, logging every decision), then deletions against a stub
 * that answers each DeleteSnapshot after a set latency. Prints time and peak heap for each.
 * Run with {@code functions/retention/bench/run}.
 */
public final class RetentionBenchmark {

    private static final String EC2 = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final Instant NOW = Instant.now();
    private static final int COPIES = Integer.getInteger("bench.copies", 10_000);
    private static final int PAGE = 1000;

    private RetentionBenchmark() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "Retention benchmark: %,d copies, Java %s, max heap %d MB, %d CPUs%n", COPIES,
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                Runtime.getRuntime().availableProcessors());
        selection(out, "selection, 1 source x 10,000 copies", 1);
        selection(out, "selection, 1,000 sources x 10 copies", 1000);
        selection(out, "selection, 100 sources x 100 copies (again, warm)", 100);

        WireMockServer stub = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").containerThreads(20));
        stub.start();
        try {
            stubEstate(stub, Integer.getInteger("bench.deleteLatencyMs", 150));
            fullRun(out, stub, "full dry run (list + restores + plan + log), cold", Map.of("DRY_RUN", "true"));
            long listing = fullRun(out, stub, "full dry run, warm", Map.of("DRY_RUN", "true"));
            int deletions = Integer.getInteger("bench.deletions", 200);
            long millis = fullRun(out, stub, "real run, " + deletions + " deletions at " + Integer.getInteger("bench.deleteLatencyMs", 150)
                    + " ms each", Map.of("MAX_ACTIONS_PER_RUN", Integer.toString(deletions)));
            double perDeletion = (millis - listing) / (double) deletions;
            out.printf(Locale.ROOT, "  => about %.0f ms per deletion beyond the listing; in 900 s less the listing and the 60 s stop margin, one"
                    + " run completes about %,d deletions sequentially (EC2's rate limit on mutating calls may lower that: the deadline"
                    + " then stops the run cleanly and the next run continues)%n", perDeletion, (long) ((840_000 - listing) / perDeletion));
        } finally {
            stub.stop();
        }
        // SDK and logging threads would keep the JVM alive
        System.exit(0);
    }

    private static void selection(PrintStream out, String name, int sources) {
        List<List<RecoveryCopy>> groups = new ArrayList<>();
        int perSource = COPIES / sources;
        for (int s = 0; s < sources; s++) {
            List<RecoveryCopy> group = new ArrayList<>(perSource);
            for (int i = 0; i < perSource; i++) {
                // spread over three years, several copies a day
                group.add(Copies.ebs("snap-" + s + "-" + i, NOW.minus(Duration.ofMinutes((long) i * (3L * 365 * 24 * 60) / perSource + s))));
            }
            groups.add(group);
        }
        RetentionRule rule = new RetentionRule("bench", new RetentionTiers(7, 4, 12, 3), ZoneId.of("Europe/Berlin"), 90);
        resetPeaks();
        long start = System.nanoTime();
        int deletions = 0;
        for (List<RecoveryCopy> group : groups) {
            deletions += (int) RetentionPlanner.plan(group, rule, Protections.NONE, NOW).stream().filter(Decision::deletes).count();
        }
        long nanos = System.nanoTime() - start;
        out.printf(Locale.ROOT, "%-58s %8.1f ms  peak heap %5d MB  (%,d to delete)%n", name, nanos / 1e6, peakHeapMb(), deletions);
    }

    private static long fullRun(PrintStream out, WireMockServer stub, String name, Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + stub.port());
        environment.put("AWS_REGION", "us-west-2");
        environment.put("AWS_ACCESS_KEY_ID", "bench");
        environment.put("AWS_SECRET_ACCESS_KEY", "bench");
        environment.put("RESTORE_STATE_MACHINE_ARN", "arn:aws:states:us-west-2:123456789012:stateMachine:lifeboat-restore");
        environment.put("DEFAULT_POLICY", "{\"retention\": {\"daily\": 7, \"weekly\": 4, \"monthly\": 12, \"yearly\": 3}}");
        environment.putAll(extra);
        CountingStream logs = new CountingStream();
        PrintStream original = System.out;
        resetPeaks();
        long start = System.nanoTime();
        Map<String, Object> result;
        System.setOut(new PrintStream(logs, false));
        try {
            result = new RetentionHandler(environment).handleRequest(null, LambdaTestContext.forFunction("lifeboat-retention"));
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        @SuppressWarnings("unchecked")
        Map<String, Object> ebs = (Map<String, Object>) ((Map<String, Object>) result.get("copies")).get("ebs-snapshot");
        out.printf(Locale.ROOT, "%-58s %8d ms  peak heap %5d MB  (%s examined, %s kept, %s %s, %s deferred; %,d KB of logs)%n", name, millis,
                peakHeapMb(), ebs.get("examined"), ebs.get("kept"), ebs.containsKey("wouldDelete") ? ebs.get("wouldDelete") : ebs.get("deleted"),
                ebs.containsKey("wouldDelete") ? "to delete" : "deleted", result.get("deferred"), logs.count / 1024);
        return millis;
    }

    /** 10,000 Lifeboat EBS copies of 100 volumes over three years, in pages of 1,000; no restore running; nothing else. */
    private static void stubEstate(WireMockServer stub, int deleteLatencyMs) {
        int pages = (COPIES + PAGE - 1) / PAGE;
        for (int page = 0; page < pages; page++) {
            StringBuilder items = new StringBuilder();
            for (int i = page * PAGE; i < Math.min(COPIES, (page + 1) * PAGE); i++) {
                int volume = i % 100;
                Instant created = NOW.minus(Duration.ofMinutes((long) (i / 100) * (3L * 365 * 24 * 60) / (COPIES / 100) + volume));
                items.append("<item><snapshotId>snap-").append(String.format(Locale.ROOT, "%017x", i)).append("</snapshotId>")
                        .append("<volumeId>vol-0source</volumeId><status>completed</status><startTime>").append(created)
                        .append("</startTime><progress>100%</progress><ownerId>123456789012</ownerId><volumeSize>100</volumeSize>")
                        .append("<encrypted>true</encrypted><storageTier>standard</storageTier><tagSet>")
                        .append(tag("lifeboat:managed", "true")).append(tag("lifeboat:resource-type", "ebs-snapshot"))
                        .append(tag("lifeboat:policy", "default")).append(tag("lifeboat:source-resource", "vol-" + volume))
                        .append(tag("lifeboat:source-region", "us-east-1")).append(tag("lifeboat:source-account", "111122223333"))
                        .append(tag("lifeboat:source-arn", "arn:aws:ec2:us-east-1::snapshot/snap-src" + i))
                        .append(tag("lifeboat:created-at", created.toString())).append("</tagSet></item>");
            }
            String next = page + 1 < pages ? "<nextToken>page-" + (page + 1) + "</nextToken>" : "";
            var request = post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSnapshots"));
            if (page > 0) {
                request = request.withRequestBody(matching(".*NextToken=page-" + page + "(&.*)?")).atPriority(1);
            } else {
                request = request.atPriority(5);
            }
            stub.stubFor(request.willReturn(xml("<DescribeSnapshotsResponse xmlns=\"" + EC2 + "\"><requestId>r</requestId><snapshotSet>"
                    + items + "</snapshotSet>" + next + "</DescribeSnapshotsResponse>")));
        }
        stub.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeVolumes")).willReturn(xml(
                "<DescribeVolumesResponse xmlns=\"" + EC2 + "\"><requestId>r</requestId><volumeSet/></DescribeVolumesResponse>")));
        stub.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DeleteSnapshot")).willReturn(xml(
                "<DeleteSnapshotResponse xmlns=\"" + EC2 + "\"><requestId>r</requestId><return>true</return></DeleteSnapshotResponse>")
                .withFixedDelay(deleteLatencyMs)));
        String rds = "http://rds.amazonaws.com/doc/2014-10-31/";
        for (String action : List.of("DescribeDBSnapshots", "DescribeDBClusterSnapshots", "DescribeDBInstances", "DescribeDBClusters")) {
            stub.stubFor(post(urlEqualTo("/")).withRequestBody(matching(".*Action=" + action + "(&.*)?")).willReturn(xml(
                    "<" + action + "Response xmlns=\"" + rds + "\"><" + action + "Result/><ResponseMetadata><RequestId>r</RequestId>"
                            + "</ResponseMetadata></" + action + "Response>")));
        }
        stub.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", containing("AWSStepFunctions.ListExecutions"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{\"executions\": []}")));
    }

    private static String tag(String key, String value) {
        return "<item><key>" + key + "</key><value>" + value + "</value></item>";
    }

    private static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(body);
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
