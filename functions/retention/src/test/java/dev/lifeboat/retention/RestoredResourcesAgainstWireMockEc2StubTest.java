package dev.lifeboat.retention;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.LambdaTestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A volume still being created from a copy (moto creates volumes available at once, so EC2 is a
 * WireMock stub in the EC2 Query API's documented XML; RDS, SSM and Step Functions stay on moto):
 * the copy its {@code lifeboat:restored-from} tag names is kept while it is created.
 */
@ExtendWith(MotoExtension.class)
class RestoredResourcesAgainstWireMockEc2StubTest {

    private static final String EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final WireMockServer ec2 = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private RecoveryEstate estate;

    @BeforeEach
    void setUp(Emulator emulator) {
        ec2.start();
        estate = new RecoveryEstate(emulator);
    }

    @AfterEach
    void tearDown() {
        ec2.stop();
    }

    @Test
    void aCopyAVolumeIsBeingRestoredFromIsKeptWhileTheVolumeIsCreated() {
        // GIVEN three daily copies, a policy keeping one, and a volume being created from the oldest
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSnapshots")).willReturn(xml("""
                <DescribeSnapshotsResponse xmlns="%s"><requestId>r-1</requestId><snapshotSet>%s%s%s</snapshotSet></DescribeSnapshotsResponse>"""
                .formatted(EC2_NAMESPACE, snapshot("snap-0000000000000001", 1), snapshot("snap-0000000000000002", 2),
                        snapshot("snap-0000000000000003", 3)))));
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeVolumes")).willReturn(xml("""
                <DescribeVolumesResponse xmlns="%s">
                  <requestId>r-2</requestId>
                  <volumeSet>
                    <item>
                      <volumeId>vol-0restoring</volumeId>
                      <size>8</size>
                      <snapshotId>snap-0000000000000003</snapshotId>
                      <availabilityZone>us-west-2a</availabilityZone>
                      <status>creating</status>
                      <createTime>%s</createTime>
                      <volumeType>gp3</volumeType>
                      <encrypted>true</encrypted>
                      <tagSet>
                        <item><key>lifeboat:restored-from</key><value>snap-0000000000000003</value></item>
                        <item><key>lifeboat:restored-by</key><value>restore-orders-1</value></item>
                      </tagSet>
                    </item>
                  </volumeSet>
                </DescribeVolumesResponse>""".formatted(EC2_NAMESPACE, NOW))));
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DeleteSnapshot")).willReturn(xml("""
                <DeleteSnapshotResponse xmlns="%s"><requestId>r-3</requestId><return>true</return></DeleteSnapshotResponse>"""
                .formatted(EC2_NAMESPACE))));

        // WHEN retention runs
        Map<String, Object> result = new RetentionHandler(estate.environment(Map.of(
                "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:" + ec2.port(),
                "DEFAULT_POLICY", "{\"retention\": {\"daily\": 1, \"weekly\": 0, \"monthly\": 0, \"yearly\": 0}}")))
                .handleRequest(null, LambdaTestContext.forFunction("lifeboat-retention"));

        // THEN only the middle copy is deleted; the one being restored from stays
        assertThat(RetentionAgainstMotoTest.deletedIds(result)).containsExactly("snap-0000000000000002");
        assertThat(ec2.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteSnapshot"))))
                .singleElement().satisfies(call -> assertThat(call.getBodyAsString()).contains("SnapshotId=snap-0000000000000002"));
        assertThat(ec2.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeVolumes"))))
                .singleElement().satisfies(call -> assertThat(call.getBodyAsString())
                        .contains("Filter.1.Name=tag-key").contains("lifeboat%3Arestored-from").contains("Filter.2.Value.1=creating"));
    }

    private static String snapshot(String id, int daysAgo) {
        Instant created = NOW.minus(Duration.ofDays(daysAgo));
        return """
                <item><snapshotId>%s</snapshotId><volumeId>vol-0ffffffffffffffff</volumeId><status>completed</status>
                <startTime>%s</startTime><progress>100%%</progress><ownerId>%s</ownerId><volumeSize>8</volumeSize>
                <encrypted>true</encrypted><storageTier>standard</storageTier><tagSet>
                <item><key>lifeboat:managed</key><value>true</value></item>
                <item><key>lifeboat:resource-type</key><value>ebs-snapshot</value></item>
                <item><key>lifeboat:policy</key><value>default</value></item>
                <item><key>lifeboat:source-resource</key><value>vol-0orders</value></item>
                <item><key>lifeboat:created-at</key><value>%s</value></item>
                </tagSet></item>""".formatted(id, created, Emulator.ACCOUNT, created);
    }

    private static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(body);
    }
}
