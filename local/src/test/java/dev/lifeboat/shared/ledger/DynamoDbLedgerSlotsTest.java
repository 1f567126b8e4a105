package dev.lifeboat.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The ledger's in-flight slots: a cap per pool, held until released, whoever releases and however often. */
@ExtendWith(MotoExtension.class)
class DynamoDbLedgerSlotsTest {

    private static final String TABLE = "ledger";
    private DynamoDbClient dynamoDb;
    private DynamoDbLedger ledger;

    @BeforeEach
    void setUp(Emulator emulator) {
        dynamoDb = emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY);
        dynamoDb.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        ledger = new DynamoDbLedger(dynamoDb, TABLE, Clock.systemUTC());
    }

    @Test
    void noMoreSlotsThanTheCapAreTakenEvenByConcurrentHolders() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> takes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String holder = "copy-" + i;
            takes.add(threads.submit(() -> new DynamoDbLedger(dynamoDb, TABLE, Clock.systemUTC()).acquireSlot("slots/x/us-west-2", 5, holder, Map.of())));
        }
        int taken = 0;
        for (Future<Boolean> take : takes) {
            taken += take.get() ? 1 : 0;
        }
        threads.shutdown();

        assertThat(taken).isEqualTo(5);
        assertThat(ledger.slots("slots/x/us-west-2")).hasSize(5);
    }

    @Test
    void aHolderKeepsItsSlotWhenItAsksAgainAndAReleasedSlotIsFreeForAnother() {
        assertThat(ledger.acquireSlot("pool", 1, "a", Map.of("copyId", "snap-1"))).isTrue();
        assertThat(ledger.acquireSlot("pool", 1, "a", Map.of())).isTrue();
        assertThat(ledger.acquireSlot("pool", 1, "b", Map.of())).isFalse();

        assertThat(ledger.releaseSlot("pool", "a")).isTrue();
        assertThat(ledger.releaseSlot("pool", "a")).as("a second release").isFalse();
        assertThat(ledger.acquireSlot("pool", 1, "b", Map.of())).isTrue();
    }

    @Test
    void slotDetailsAreUpdatedAndReadBack() {
        ledger.acquireSlot("pool", 2, "a", Map.of("source", "snap-1"));
        ledger.updateSlot("pool", "a", Map.of("source", "snap-1", "copyId", "snap-2"));

        assertThat(ledger.slots("pool").get("a").details()).containsEntry("copyId", "snap-2");
    }

    @Test
    void reopenedWorkCanBeClaimedAgain() {
        Ledger.Claim.Acquired claim = (Ledger.Claim.Acquired) ledger.claim("copy/a", java.time.Duration.ofMinutes(5));
        ledger.complete(claim, Map.of());
        ledger.reopen("copy/a", "the copy failed");

        assertThat(ledger.claim("copy/a", java.time.Duration.ofMinutes(5))).isInstanceOf(Ledger.Claim.Acquired.class);
    }

    @Test
    void motoAnswers500ForSizeOfAMissingMapInAConditionWhereAwsFailsTheCondition() {
        // AWS: size() of a missing attribute makes the condition false (ConditionalCheckFailedException).
        // Moto 5.2: HTTP 500 "Invalid attribute name". So the ledger creates a pool's item before its first take.
        assertThatThrownBy(() -> dynamoDb.updateItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS("no-such-pool")))
                .updateExpression("SET holders.#h = :v").conditionExpression("size(holders) < :cap")
                .expressionAttributeNames(Map.of("#h", "a"))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("x"), ":cap", AttributeValue.fromN("1")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    }
}
