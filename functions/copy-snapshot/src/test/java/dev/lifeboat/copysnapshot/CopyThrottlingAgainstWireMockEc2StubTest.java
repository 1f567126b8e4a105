package dev.lifeboat.copysnapshot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.CapturedStdout;
import dev.lifeboat.local.testing.LambdaTestContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EC2 answers that moto cannot give (throttling, the concurrent-copy limit, a bad request),
 * stubbed with WireMock in the EC2 Query API's documented XML, while the ledger and the policy
 * parameter stay on moto. A retryable failure must leave the snapshot claimable by the next
 * delivery; every failure is that record's alone.
 */
@ExtendWith(MotoExtension.class)
class CopyThrottlingAgainstWireMockEc2StubTest {

    private static final String SNAPSHOT = "snap-0a1b2c3d4e5f60001";
    private static final String VOLUME = "vol-0a1b2c3d4e5f60001";
    private static final String EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final WireMockServer ec2 = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private PrimaryEstate estate;

    @BeforeEach
    void setUp(Emulator emulator) {
        ec2.start();
        estate = new PrimaryEstate(emulator);
        // the protected snapshot in the primary region
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSnapshots"))
                .withRequestBody(containing("SnapshotId.1=" + SNAPSHOT))
                .willReturn(xml(200, """
                        <DescribeSnapshotsResponse xmlns="%s">
                          <requestId>6e0dbb8f-1a53-4bb8-9b5b-0d4b7a0a3c11</requestId>
                          <snapshotSet>
                            <item>
                              <snapshotId>%s</snapshotId>
                              <volumeId>%s</volumeId>
                              <status>completed</status>
                              <startTime>2025-03-10T02:00:04.000Z</startTime>
                              <progress>100%%</progress>
                              <ownerId>111122223333</ownerId>
                              <volumeSize>8</volumeSize>
                              <description>nightly</description>
                              <encrypted>true</encrypted>
                              <tagSet><item><key>lifeboat:policy</key><value>default</value></item></tagSet>
                            </item>
                          </snapshotSet>
                        </DescribeSnapshotsResponse>""".formatted(EC2_NAMESPACE, SNAPSHOT, VOLUME))));
        // no earlier copy in the recovery region
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeSnapshots"))
                .withRequestBody(containing("Filter.1.Name"))
                .willReturn(xml(200, """
                        <DescribeSnapshotsResponse xmlns="%s">
                          <requestId>0b5c2c3e-7a51-4f0e-9d0a-3a8d8e6b2f21</requestId>
                          <snapshotSet/>
                        </DescribeSnapshotsResponse>""".formatted(EC2_NAMESPACE))));
    }

    @AfterEach
    void tearDown() {
        ec2.stop();
    }

    @Test
    void throttledCopyFailsTheRecordForRetryAndLeavesTheSnapshotClaimable() {
        // GIVEN EC2 throttles every CopySnapshot call
        stubCopySnapshotError(503, "RequestLimitExceeded", "Request limit exceeded.");

        // WHEN the event is handled
        CapturedStdout.Result<SQSBatchResponse> first = handle();

        // THEN the record fails as retryable, after the SDK's own retries
        assertThat(first.value().getBatchItemFailures()).hasSize(1);
        assertThat(first.output()).contains("will retry", "RequestLimitExceeded", "\"retryable\":true");
        assertThat(ec2.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CopySnapshot"))))
                .as("CopySnapshot attempts").hasSizeGreaterThan(1);

        // AND WHEN EC2 recovers and the message is delivered again
        stubCopySnapshotSuccess("snap-0f9e8d7c6b5a40001");
        CapturedStdout.Result<SQSBatchResponse> second = handle();

        // THEN the copy starts: the failed attempt did not hold the claim
        assertThat(second.value().getBatchItemFailures()).isEmpty();
        assertThat(second.output()).contains("Copy of " + SNAPSHOT + " started in us-west-2 as snap-0f9e8d7c6b5a40001");
    }

    @Test
    void concurrentCopyLimitIsRetryable() {
        // GIVEN the region's limit of copies in flight is reached
        stubCopySnapshotError(400, "ResourceLimitExceeded",
                "Too many snapshot copies in progress. The limit is 20 for this destination region.");

        // WHEN the event is handled
        CapturedStdout.Result<SQSBatchResponse> result = handle();

        // THEN the record goes back to the queue to be tried later
        assertThat(result.value().getBatchItemFailures()).hasSize(1);
        assertThat(result.output()).contains("will retry", "ResourceLimitExceeded");
    }

    @Test
    void badRequestNeedsAttentionButStillFailsOnlyItsRecord() {
        // GIVEN EC2 rejects the copy (a key the account may not use)
        stubCopySnapshotError(400, "InvalidParameterValue", "The KMS key 'alias/lifeboat-recovery' is not valid.");

        // WHEN the event is handled
        CapturedStdout.Result<SQSBatchResponse> result = handle();

        // THEN the record fails as one that needs a person, with AWS's reason
        assertThat(result.value().getBatchItemFailures()).hasSize(1);
        assertThat(result.output()).contains("needs attention", "InvalidParameterValue", "is not valid", "\"retryable\":false");
    }

    private CapturedStdout.Result<SQSBatchResponse> handle() {
        Map<String, String> environment = new HashMap<>(estate.functionEnvironment());
        environment.put("AWS_ENDPOINT_URL_EC2", ec2.baseUrl());
        CopySnapshotHandler handler = new CopySnapshotHandler(environment);
        String event = PrimaryEstate.event("ebs-create-snapshot-succeeded.json", Map.of());
        return CapturedStdout.capture(() -> handler.handleRequest(PrimaryEstate.sqsEvent(event),
                LambdaTestContext.forFunction("lifeboat-copy-snapshot")));
    }

    private void stubCopySnapshotError(int status, String code, String message) {
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=CopySnapshot"))
                .willReturn(xml(status, """
                        <Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors>
                        <RequestID>2d3f2a51-4c0c-4d2a-9f55-1f1f1f1f1f1f</RequestID></Response>""".formatted(code, message))));
    }

    private void stubCopySnapshotSuccess(String copyId) {
        ec2.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=CopySnapshot"))
                .willReturn(xml(200, """
                        <CopySnapshotResponse xmlns="%s">
                          <requestId>a1b2c3d4-5678-90ab-cdef-111111111111</requestId>
                          <snapshotId>%s</snapshotId>
                        </CopySnapshotResponse>""".formatted(EC2_NAMESPACE, copyId))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(body);
    }
}
