package dev.lifeboat.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionRequestTest {

    @Test
    void emptyInputOrEmptyObjectIsARealRun() {
        assertThat(RetentionRequest.parse(null).dryRun()).isFalse();
        assertThat(RetentionRequest.parse(Map.of()).dryRun()).isFalse();
    }

    @Test
    void dryRunTrueOrItsStringIsADryRun() {
        assertThat(RetentionRequest.parse(Map.of("dryRun", true)).dryRun()).isTrue();
        assertThat(RetentionRequest.parse(Map.of("dryRun", "TRUE")).dryRun()).isTrue();
        assertThat(RetentionRequest.parse(Map.of("dryRun", false)).dryRun()).isFalse();
    }

    @Test
    void aMisspeltFieldIsRejectedByName() {
        assertThatThrownBy(() -> RetentionRequest.parse(Map.of("dry_run", true)))
                .isInstanceOf(InvalidRetentionRequestException.class)
                .hasMessageContaining("'dry_run'")
                .extracting(e -> ((InvalidRetentionRequestException) e).field()).isEqualTo("dry_run");
    }

    @Test
    void aDryRunThatIsNotABooleanIsRejectedNamingTheField() {
        assertThatThrownBy(() -> RetentionRequest.parse(Map.of("dryRun", "maybe")))
                .isInstanceOf(InvalidRetentionRequestException.class)
                .hasMessageContaining("'dryRun'").hasMessageContaining("maybe");
        assertThatThrownBy(() -> RetentionRequest.parse(Map.of("dryRun", 1)))
                .isInstanceOf(InvalidRetentionRequestException.class).hasMessageContaining("'dryRun'");
    }

    @Test
    void anInputThatIsNotAnObjectIsRejected() {
        assertThatThrownBy(() -> RetentionRequest.parse(List.of(1)))
                .isInstanceOf(InvalidRetentionRequestException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> RetentionRequest.parse("run"))
                .isInstanceOf(InvalidRetentionRequestException.class).hasMessageContaining("'run'");
    }
}
