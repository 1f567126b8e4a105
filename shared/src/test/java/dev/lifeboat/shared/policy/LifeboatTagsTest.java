package dev.lifeboat.shared.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link LifeboatTags#isLifeboatCopy}: the tag that stops a copy from being copied again. */
class LifeboatTagsTest {

    @Test
    void aResourceTaggedManagedTrueIsALifeboatCopy() {
        // GIVEN the tags Lifeboat puts on a copy
        Map<String, String> tags = Map.of("lifeboat:managed", "true", "lifeboat:policy", "gold",
                "lifeboat:source-id", "snap-0a1b2c3d4e5f60001");

        // WHEN asked whether it is a Lifeboat copy
        // THEN it is
        assertThat(LifeboatTags.isLifeboatCopy(tags)).isTrue();
    }

    @Test
    void aResourceThatOnlyOptsInWithAPolicyIsNotACopy() {
        // GIVEN an original that opts in with a policy tag
        Map<String, String> tags = Map.of("lifeboat:policy", "gold", "Name", "orders-db-data");

        // WHEN asked whether it is a Lifeboat copy
        // THEN it is not, so it will be copied
        assertThat(LifeboatTags.isLifeboatCopy(tags)).isFalse();
    }

    @Test
    void aResourceWithoutTagsIsNotACopy() {
        // WHEN a resource without tags is asked about
        // THEN it is not a copy
        assertThat(LifeboatTags.isLifeboatCopy(Map.of())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "", "yes"})
    void aManagedTagThatIsNotTrueDoesNotMarkACopy(String value) {
        // GIVEN a managed tag whose value is not "true"
        Map<String, String> tags = Map.of("lifeboat:managed", value);

        // WHEN asked whether it is a Lifeboat copy
        // THEN it is not
        assertThat(LifeboatTags.isLifeboatCopy(tags)).isFalse();
    }

    @Test
    void theTrueValueOfAnotherTagDoesNotMarkACopy() {
        // GIVEN a resource whose only "true" tag is not the managed tag
        Map<String, String> tags = Map.of("lifeboat:legal-hold", "true", "managed", "true");

        // WHEN asked whether it is a Lifeboat copy
        // THEN it is not
        assertThat(LifeboatTags.isLifeboatCopy(tags)).isFalse();
    }

    @Test
    void tagKeysAreTheLifeboatNamespace() {
        // WHEN the tag keys are read
        // THEN they are the documented lifeboat: keys
        assertThat(LifeboatTags.MANAGED).isEqualTo("lifeboat:managed");
        assertThat(LifeboatTags.POLICY).isEqualTo("lifeboat:policy");
    }
}
