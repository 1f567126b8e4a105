package dev.lifeboat.retention;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.LambdaTestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The EBS archive tier, which moto lacks ({@code ModifySnapshotTier} answers 500 there): EC2 is a
 * WireMock stub answering the EC2 Query API's documented XML; RDS, SSM and Step Functions stay on
 * moto. The policy keeps two daily and 24 monthly copies and archives after 30 days.
 */
@ExtendWith(MotoExtension.class)
class ArchiveTierAgainstWireMockEc2StubTest {

    private static final String EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String NEWEST = "snap-0000000000000new";
    private static final String MONTHLY = "snap-00000000000month";
    private static final String ARCHIVED = "snap-00000000archived";
    private static final String TIERING = "snap-000000000tiering";
    private static final String RESTORED = "snap-00000000restored";
    private static final String YOUNG = "snap-00000000000young";

    private final WireMockServer ec2 = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private RecoveryEstate estate;

    @BeforeEach
    void setUp(Emulator emulator) {
        ec2.start();
        estate = new RecoveryEstate(emulator);
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSnapshots"))
                .willReturn(xml(200, """
                        <DescribeSnapshotsResponse xmlns="%s">
                          <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
                          <snapshotSet>%s%s%s%s%s%s</snapshotSet>
                        </DescribeSnapshotsResponse>""".formatted(EC2_NAMESPACE,
                        snapshot(NEWEST, NOW, "standard", ""),
                        snapshot(YOUNG, NOW.minus(Duration.ofDays(1)), "standard", ""),
                        snapshot(MONTHLY, monthsAgo(2), "standard", ""),
                        snapshot(ARCHIVED, monthsAgo(3), "archive", ""),
                        snapshot(TIERING, monthsAgo(4), "standard", ""),
                        snapshot(RESTORED, monthsAgo(5), "standard",
                                "<restoreExpiryTime>" + NOW.plus(Duration.ofDays(2)) + "</restoreExpiryTime>")))));
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSnapshotTierStatus"))
                .willReturn(xml(200, """
                        <DescribeSnapshotTierStatusResponse xmlns="%s">
                          <requestId>2fc2d0a1-0bb1-4d4e-9c0b-EXAMPLE</requestId>
                          <snapshotTierStatusSet>
                            <item>
                              <snapshotId>%s</snapshotId>
                              <volumeId>vol-0archive</volumeId>
                              <status>completed</status>
                              <ownerId>%s</ownerId>
                              <storageTier>standard</storageTier>
                              <lastTieringStartTime>%s</lastTieringStartTime>
                              <lastTieringProgress>30</lastTieringProgress>
                              <lastTieringOperationStatus>archival-in-progress</lastTieringOperationStatus>
                            </item>
                          </snapshotTierStatusSet>
                        </DescribeSnapshotTierStatusResponse>""".formatted(EC2_NAMESPACE, TIERING, Emulator.ACCOUNT,
                        NOW.minus(Duration.ofHours(3))))));
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeVolumes"))
                .willReturn(xml(200, """
                        <DescribeVolumesResponse xmlns="%s">
                          <requestId>f1d8c0b5-6d0e-4b0c-8a6e-EXAMPLE</requestId>
                          <volumeSet/>
                        </DescribeVolumesResponse>""".formatted(EC2_NAMESPACE))));
    }

    @AfterEach
    void tearDown() {
        ec2.stop();
    }

    @Test
    void movesOnlyTheOlderStandardTierCopyToTheArchiveTier() {
        // GIVEN EC2 accepts archive requests
        stubModifySnapshotTier(xml(200, """
                <ModifySnapshotTierResponse xmlns="%s">
                  <requestId>5b1e2f3a-EXAMPLE</requestId>
                  <snapshotId>%s</snapshotId>
                  <tieringStartTime>%s</tieringStartTime>
                </ModifySnapshotTierResponse>""".formatted(EC2_NAMESPACE, MONTHLY, NOW)));

        // WHEN retention runs
        Map<String, Object> result = run(null);

        // THEN one ModifySnapshotTier call, for the copy from two months back, to the archive tier; nothing is deleted
        List<LoggedRequest> calls = ec2.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifySnapshotTier")));
        assertThat(calls).singleElement().satisfies(call -> assertThat(call.getBodyAsString())
                .contains("SnapshotId=" + MONTHLY).contains("StorageTier=archive"));
        assertThat(archivedIds(result, "archived")).containsExactly(MONTHLY);
        assertThat(ec2.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteSnapshot")))).isEmpty();
    }

    @Test
    void dryRunListsTheArchiveMoveAndMakesNone() {
        // WHEN retention runs dry
        Map<String, Object> result = run(Map.of("dryRun", true));

        // THEN it says it would archive the copy, and calls nothing that changes it
        assertThat(archivedIds(result, "wouldArchive")).containsExactly(MONTHLY);
        assertThat(ec2.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifySnapshotTier")))).isEmpty();
    }

    @Test
    void aRefusedArchiveMoveIsCountedAndFailsTheRunAtTheEnd() {
        // GIVEN EC2 refuses: the snapshot backs an AMI
        stubModifySnapshotTier(xml(400, """
                <Response><Errors><Error><Code>IncorrectState</Code>
                <Message>The snapshot '%s' is associated with an AMI and cannot be archived.</Message></Error></Errors>
                <RequestID>9c2f0c52-EXAMPLE</RequestID></Response>""".formatted(MONTHLY)));

        // WHEN retention runs
        // THEN the invocation fails, naming the copy and EC2's error
        assertThatThrownBy(() -> run(null)).isInstanceOf(RetentionFailedException.class)
                .hasMessageContaining(MONTHLY).hasMessageContaining("IncorrectState");
    }

    private Map<String, Object> run(Object event) {
        Map<String, String> environment = estate.environment(Map.of(
                "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:" + ec2.port(),
                "DEFAULT_POLICY", """
                        {"retention": {"daily": 2, "weekly": 0, "monthly": 24, "yearly": 0}, "archiveAfterDays": 30}"""));
        return new RetentionHandler(environment).handleRequest(event, LambdaTestContext.forFunction("lifeboat-retention"));
    }

    private void stubModifySnapshotTier(ResponseDefinitionBuilder response) {
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=ModifySnapshotTier")).willReturn(response));
    }

    @SuppressWarnings("unchecked")
    private static List<String> archivedIds(Map<String, Object> result, String list) {
        return ((List<Map<String, Object>>) result.get(list)).stream().map(entry -> (String) entry.get("copy")).toList();
    }

    /** The 15th of a month before this one: one copy per month, at least 45 days old from two months back. */
    private static Instant monthsAgo(int months) {
        return YearMonth.from(NOW.atZone(ZoneOffset.UTC)).minusMonths(months).atDay(15).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    private static String snapshot(String id, Instant createdAt, String tier, String extra) {
        return """
                <item>
                  <snapshotId>%s</snapshotId>
                  <volumeId>vol-0ffffffffffffffff</volumeId>
                  <status>completed</status>
                  <startTime>%s</startTime>
                  <progress>100%%</progress>
                  <ownerId>%s</ownerId>
                  <volumeSize>8</volumeSize>
                  <description>Lifeboat copy</description>
                  <encrypted>true</encrypted>
                  <storageTier>%s</storageTier>
                  %s
                  <tagSet>
                    <item><key>lifeboat:managed</key><value>true</value></item>
                    <item><key>lifeboat:resource-type</key><value>ebs-snapshot</value></item>
                    <item><key>lifeboat:policy</key><value>default</value></item>
                    <item><key>lifeboat:source-resource</key><value>vol-0archive</value></item>
                    <item><key>lifeboat:source-region</key><value>us-east-1</value></item>
                    <item><key>lifeboat:created-at</key><value>%s</value></item>
                  </tagSet>
                </item>""".formatted(id, createdAt, Emulator.ACCOUNT, tier, extra, createdAt);
    }

    private static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(body);
    }
}
