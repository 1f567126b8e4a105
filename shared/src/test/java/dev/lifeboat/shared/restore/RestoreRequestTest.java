package dev.lifeboat.shared.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The restore workflow's input: the README's examples parse; every mistake names its field. */
class RestoreRequestTest {

    @Test
    void everySampleRequestInEventsParses() throws IOException {
        Path events = Path.of(System.getProperty("lifeboat.repo", "..")).resolve("events");
        try (Stream<Path> files = Files.list(events)) {
            assertThat(files.filter(file -> file.getFileName().toString().startsWith("restore-request-")).toList())
                    .hasSize(4)
                    .allSatisfy(file -> assertThat(RestoreRequest.parse(Files.readString(file)).sourceResource()).isNotBlank());
        }
    }

    @Test
    void defaultsAreLatestNoCleanupNoProbes() {
        RestoreRequest request = RestoreRequest.parse("""
                {"resourceType": "ebs-volume", "sourceResource": "vol-1"}""");

        assertThat(request.recoveryPoint()).isEqualTo("latest");
        assertThat(request.cleanupOnFailure()).isFalse();
        assertThat(request.validation().hasProbes()).isFalse();
        assertThat(request.dnsCutover()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"sourceResource": "vol-1"}                                                                  | field 'resourceType': is required
            {"resourceType": "ebs", "sourceResource": "vol-1"}                                           | field 'resourceType': 'ebs' is not a resource type
            {"resourceType": "ebs-volume"}                                                               | field 'sourceResource': is required
            {"resourceType": "ebs-volume", "sourceResource": "vol-1", "recoverypoint": "latest"}         | field 'recoverypoint': is not a field
            {"resourceType": "ebs-volume", "sourceResource": "vol-1", "target": {"volumeType": "fast"}}  | field 'target.volumeType'
            {"resourceType": "ebs-volume", "sourceResource": "vol-1", "dnsCutover": {}}                  | field 'dnsCutover': an ebs-volume has no endpoint
            {"resourceType": "rds-instance", "sourceResource": "db", "target": {"subnetGroup": "g"}}     | field 'target.instanceClass': is required
            {"resourceType": "rds-instance", "sourceResource": "db", "target": {"instanceClass": "db.t4g.medium"}} | field 'target.subnetGroup': is required
            {"resourceType": "ebs-volume", "sourceResource": "vol-1", "timing": {"pollSeconds": 0}}      | field 'timing.pollSeconds': must be a whole number from 1
            {"resourceType": "ebs-volume", "sourceResource": "vol-1", "cleanupOnFailure": "yes"}         | field 'cleanupOnFailure': must be true or false
            {"resourceType": "ebs-volume", "sourceResource": "vol-1", "validation": {"sql": {"query": "select 1"}}} | field 'validation.sql.secretId': is required
            not json                                                                                     | not JSON
            """)
    void aWrongRequestIsRejectedNamingTheField(String request, String message) {
        assertThatThrownBy(() -> RestoreRequest.parse(request))
                .isInstanceOf(InvalidRestoreRequestException.class)
                .hasMessageContaining(message.strip());
    }
}
