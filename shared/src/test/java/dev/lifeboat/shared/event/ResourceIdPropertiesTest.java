package dev.lifeboat.shared.event;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;

/** Invariants of {@link ResourceId}: what it returns is always a plain id, whatever surrounds it. */
class ResourceIdPropertiesTest {

    @Property
    void whateverPrecedesTheLastSlashTheIdAfterItIsReturned(
            @ForAll("anyPrefix") String prefix, @ForAll("snapshotIds") String snapshotId) {
        // GIVEN a snapshot id after any ARN-like prefix ending in a slash
        String value = prefix + "/" + snapshotId;

        // WHEN the snapshot id is read
        String id = ResourceId.snapshotId(value, "detail.snapshot_id");

        // THEN it is exactly the id
        assertThat(id).isEqualTo(snapshotId);
    }

    @Property
    void anyTextGivesAPlainSnapshotIdOrARefusalNamingThePath(@ForAll("hostileIds") String value) {
        // WHEN the snapshot id is read from arbitrary text,
        // THEN it is a plain snapshot id (safe in a log line, a tag or a file name),
        // or the path is named in a short printable message
        try {
            assertThat(ResourceId.snapshotId(value, "detail.snapshot_id")).matches("snap-[0-9a-f]{8,32}");
        } catch (InvalidEventException e) {
            assertThat(e.field()).isEqualTo("detail.snapshot_id");
            assertThat(Rejection.isSafeToLog(e.getMessage())).as("safe to log: %s", e.getMessage()).isTrue();
        }
    }

    @Property
    void anyTextGivesAPlainVolumeIdOrARefusalNamingThePath(@ForAll("hostileIds") String value) {
        // WHEN the volume id is read from arbitrary text,
        // THEN it is a plain volume id, or the path is named in a short printable message
        try {
            assertThat(ResourceId.volumeId(value.replace("snap-", "vol-"), "detail.source")).matches("vol-[0-9a-f]{8,32}");
        } catch (InvalidEventException e) {
            assertThat(e.field()).isEqualTo("detail.source");
            assertThat(Rejection.isSafeToLog(e.getMessage())).as("safe to log: %s", e.getMessage()).isTrue();
        }
    }

    @Provide
    static Arbitrary<String> snapshotIds() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(8).ofMaxLength(32).map(hex -> "snap-" + hex);
    }

    @Provide
    static Arbitrary<String> anyPrefix() {
        return Arbitraries.oneOf(
                Arbitraries.of("arn:aws:ec2::us-east-1:snapshot", "arn:aws:ec2:us-east-1::snapshot",
                        "arn:aws:ec2:us-east-1:123456789012:snapshot", "", "/"),
                Arbitraries.strings().all().ofMaxLength(200));
    }

    /** Snapshot ids with arbitrary text spliced in, around them, or instead of them. */
    @Provide
    static Arbitrary<String> hostileIds() {
        StringArbitrary anyText = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> spliced = Combinators.combine(snapshotIds(), Arbitraries.integers().between(0, 37), anyText)
                .as((id, at, text) -> id.substring(0, Math.min(at, id.length())) + text + id.substring(Math.min(at, id.length())));
        Arbitrary<String> shellish = Combinators.combine(anyPrefix(), snapshotIds(),
                        Arbitraries.of("; rm -rf /", "\n", "/../..", " ", "\u0000", "$(reboot)", "\u202e"))
                .as((prefix, id, tail) -> prefix + "/" + id + tail);
        Arbitrary<String> huge = anyText.ofMinLength(1).map(text -> text.repeat(10_000 / text.length() + 1));
        return Arbitraries.oneOf(anyText, spliced, shellish, huge);
    }
}
