package dev.lifeboat.healthreport;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** One restore drill, as the drill function records it. */
public record DrillRecord(String drillId, String source, String resourceType, String policy, Optional<Instant> startedAt,
                          Optional<Instant> finishedAt, String outcome, OptionalLong restoreSeconds, String error) {
}
