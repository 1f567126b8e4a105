package dev.lifeboat.rpomonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A run that claimed an alert and died before publishing it: the claim holds for its lease, then a later run sends the alert. */
@ExtendWith(MotoExtension.class)
class AlertClaimTest {

    private static final Instant START = Instant.parse("2026-03-02T12:00:00Z");

    @Test
    void alertClaimedByARunThatDiedIsSentOnceItsClaimHasExpired(Emulator emulator) {
        // GIVEN a breach whose alert a run claimed at START and never published
        RpoEstate estate = new RpoEstate(emulator);
        estate.ebsCopy("vol-0aaa", "gold", START.minus(Duration.ofHours(8)));
        String resource = RpoEstate.volumeArn("vol-0aaa");
        DynamoDbAlertStates states = new DynamoDbAlertStates(estate.dynamoDb, RpoEstate.TABLE);
        assertThat(states.claimNew(new ResourceReport(resource, "ebs-volume", "us-east-1", "gold", "copy-tag", Optional.of(4.0),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), RpoStatus.BREACH, Optional.empty(), 1, 0, false),
                START, START.plus(RpoAlerting.CLAIM))).isTrue();
        MovableClock clock = new MovableClock(START.plus(Duration.ofMinutes(5)));

        // WHEN runs come while the claim holds, and after it expired
        RpoEstate.Run during = estate.run(Map.of(), clock);
        assertThat(estate.alerts()).isEmpty();
        clock.advance(RpoAlerting.CLAIM);
        RpoEstate.Run after = estate.run(Map.of(), clock);

        // THEN the run during the claim stood back, and the run after it sent the alert, once
        assertThat(during.summary().path("alerts").path("folded").asInt()).isEqualTo(1);
        assertThat(after.summary().path("alerts").path("raised").asInt()).isEqualTo(1);
        assertThat(estate.alerts()).singleElement().asString().contains("[Lifeboat] RPO breached: " + resource);
        assertThat(states.open().get(resource).alertedAt()).isPresent();
    }
}
