package dev.lifeboat.copysnapshot;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A real DynamoDB client (on moto) whose writes happen one at a time, as DynamoDB applies the
 * writes to one item: moto checks a write's condition and then applies it without a lock, so two
 * concurrent conditional writes can both pass (see {@code MotoQuirksTest}). Lifeboat relies on
 * DynamoDB's guarantee, so tests that run invocations concurrently put it back here. Only single
 * requests are made atomic; the requests of concurrent invocations still interleave freely.
 *
 * <p>After each write to the watched item, its new state is read while still no other write can
 * run, and given to {@code observer}: a test sees every state that item goes through, in order.
 */
final class ItemWritesSerialisedDynamoDb implements DynamoDbClient {

    private final DynamoDbClient moto;
    private final String watchedKey;
    private final Consumer<Map<String, AttributeValue>> observer;
    private final Object writes = new Object();

    /** {@code observer} gets the state of the item keyed {@code watchedKey} just after each write to it (empty when deleted). */
    ItemWritesSerialisedDynamoDb(DynamoDbClient moto, String watchedKey, Consumer<Map<String, AttributeValue>> observer) {
        this.moto = moto;
        this.watchedKey = watchedKey;
        this.observer = observer;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return moto.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        Map<String, AttributeValue> key = Map.of("pk", request.item().get("pk"));
        return write(request.tableName(), key, () -> moto.putItem(request));
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return write(request.tableName(), request.key(), () -> moto.updateItem(request));
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return write(request.tableName(), request.key(), () -> moto.deleteItem(request));
    }

    private <T> T write(String table, Map<String, AttributeValue> key, Supplier<T> request) {
        synchronized (writes) {
            try {
                return request.get();
            } finally {
                // also after a failed condition: the state it left is one the item went through
                if (watchedKey.equals(key.get("pk").s())) {
                    Map<String, AttributeValue> item = moto.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
                    observer.accept(item == null ? Map.of() : item);
                }
            }
        }
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return moto.serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return moto.serviceName();
    }

    @Override
    public void close() {
        moto.close();
    }
}
