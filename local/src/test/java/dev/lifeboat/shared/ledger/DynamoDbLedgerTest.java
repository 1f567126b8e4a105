package dev.lifeboat.shared.ledger;

import dev.lifeboat.local.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.shared.ledger.Ledger.Claim;

import java.time.Duration;
import java.time.Instant;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The idempotency ledger's conditional writes, against DynamoDB in moto. */
@ExtendWith(MotoExtension.class)
class DynamoDbLedgerTest {

    private static final String TABLE = "ledger";
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private DynamoDbLedger ledger;
    private DynamoDbLedger otherInvocation;

    @BeforeEach
    void setUp(Emulator emulator) {
        DynamoDbClient dynamoDb = emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY);
        dynamoDb.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        ledger = new DynamoDbLedger(dynamoDb, TABLE, clock);
        otherInvocation = new DynamoDbLedger(dynamoDb, TABLE, clock);
    }

    @Test
    void completedWorkIsNeverClaimedAgainAndReturnsWhatWasRecorded() {
        Claim.Acquired claim = (Claim.Acquired) ledger.claim("copy/a", LEASE);
        ledger.complete(claim, Map.of("copySnapshotId", "snap-1"));

        assertThat(otherInvocation.claim("copy/a", LEASE))
                .isEqualTo(new Claim.AlreadyDone("copy/a", Map.of("copySnapshotId", "snap-1")));
    }

    @Test
    void aRunningClaimIsHeldElsewhereUntilItsLeaseEnds() {
        ledger.claim("copy/a", LEASE);
        clock.advance(LEASE.minusSeconds(1));

        assertThat(otherInvocation.claim("copy/a", LEASE)).isInstanceOf(Claim.HeldElsewhere.class);
    }

    @Test
    void anExpiredLeaseIsTakenOverSoACrashedInvocationBlocksNothingForGood() {
        ledger.claim("copy/a", LEASE);
        clock.advance(LEASE.plusSeconds(1));

        assertThat(otherInvocation.claim("copy/a", LEASE)).isInstanceOf(Claim.Acquired.class)
                .extracting(claim -> ((Claim.Acquired) claim).fresh()).as("a takeover is not fresh").isEqualTo(false);
    }

    @Test
    void aReleasedClaimCanBeClaimedByTheNextDelivery() {
        Claim.Acquired claim = (Claim.Acquired) ledger.claim("copy/a", LEASE);
        ledger.release(claim, "RequestLimitExceeded");

        assertThat(otherInvocation.claim("copy/a", LEASE)).isInstanceOf(Claim.Acquired.class)
                .extracting(again -> ((Claim.Acquired) again).fresh()).as("a claim after a failure is not fresh").isEqualTo(false);
    }

    @Test
    void theFirstClaimOfAKeyIsFresh() {
        // moto returns the replaced item for PutItem with ReturnValues=ALL_OLD, as DynamoDB does, and none for a new key
        assertThat(((Claim.Acquired) ledger.claim("copy/a", LEASE)).fresh()).isTrue();
    }

    @Test
    void aHolderWhoseLeaseWasTakenOverCannotCompleteOrReleaseIt() {
        Claim.Acquired stale = (Claim.Acquired) ledger.claim("copy/a", LEASE);
        clock.advance(LEASE.plusSeconds(1));
        Claim.Acquired current = (Claim.Acquired) otherInvocation.claim("copy/a", LEASE);

        assertThatThrownBy(() -> ledger.complete(stale, Map.of("copySnapshotId", "snap-stale")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        ledger.release(stale, "late");
        otherInvocation.complete(current, Map.of("copySnapshotId", "snap-current"));
        assertThat(ledger.claim("copy/a", LEASE))
                .isEqualTo(new Claim.AlreadyDone("copy/a", Map.of("copySnapshotId", "snap-current")));
    }

    @Test
    void keysAreIndependent() {
        ledger.claim("copy/a", LEASE);

        assertThat(otherInvocation.claim("copy/b", LEASE)).isInstanceOf(Claim.Acquired.class)
                .extracting(claim -> ((Claim.Acquired) claim).fresh()).isEqualTo(true);
    }
}
