package dev.bulk.connector;

import dev.bulk.dynamo.BatchWriter;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.ConsumedUnits;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.FailureSink;
import dev.bulk.dynamo.ItemWriter;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.RetryPolicy;
import dev.bulk.dynamo.Silence;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The one writer that puts items into a table, for copy, load and the connector's
 * {@code df.write()}: unconditional puts go through {@link BatchWriter} (BatchWriteItem and its
 * one unprocessed-items loop); conditional puts cannot be batched, so they go one PutItem each
 * through {@link ItemWriter}, and an item whose condition fails is counted as skipped. Every item
 * ends in exactly one count, and what fails goes to the failure sink.
 */
public final class ItemPutter implements AutoCloseable {
    /**
     * Where and how fast the puts go, as plain data (it travels to the executors).
     *
     * @param threads   write requests in flight (the batch writer's, or the conditional puts' pool)
     * @param dryRun    count the items and write nothing
     * @param itemRetry the conditional puts' retry policy
     */
    public record Target(ClientSettings settings, String table, KeySchema keys, Budget budget, int threads, boolean dryRun,
            RetryPolicy itemRetry) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What the puts came to: {@code skipped} are the puts whose condition failed (the item was left as it was). */
    public record Counts(long done, long skipped, long conditionFailed, long failed, double writeUnits, long replyLost,
            long outcomeUnknown) {
        Counts(long done, long skipped, long conditionFailed, long failed, double writeUnits) {
            this(done, skipped, conditionFailed, failed, writeUnits, 0, 0);
        }
    }

    /** When a put may replace the item already in the table. */
    public enum Kind { NONE, ABSENT, NEWER }

    /**
     * The condition of every put.
     *
     * @param kind   NONE (always put), ABSENT (only where no item has the key), NEWER (also where
     *               the existing item's {@code column} is smaller than the new item's)
     * @param column the compared attribute, for NEWER only
     */
    public record Condition(Kind kind, String column) implements Serializable {
        private static final long serialVersionUID = 1L;
        public static final Condition NONE = new Condition(Kind.NONE, null);

        public Condition {
            Objects.requireNonNull(kind, "kind is null");
            if ((kind == Kind.NEWER) != (column != null)) {
                throw new IllegalArgumentException("a column is needed for NEWER and only for NEWER");
            }
        }
    }

    private final Target target;
    private final Condition condition;
    private final FailureSink failures;
    private final BatchWriter batch;
    private final ItemWriter single;
    private long wouldWrite;
    private long refused;

    public ItemPutter(Target target, Condition condition, FailureSink failures) {
        this.target = target;
        this.condition = condition;
        this.failures = failures;
        boolean write = !target.dryRun();
        this.batch = write && condition.kind() == Kind.NONE
                ? BatchWriter.create(DynamoClients.get(target.settings()), target.table(), target.keys(),
                        target.budget().limiter(), failures, Math.max(1, target.threads()))
                : null;
        // One SDK attempt per call: the writer must see every attempt to know which may have been applied.
        this.single = write && condition.kind() != Kind.NONE
                ? new ItemWriter(DynamoClients.get(target.settings().withMaxAttempts(1)), target.budget().limiter(), failures,
                        target.itemRetry(), Math.max(1, target.threads()), Silence.of(target.settings().describe()))
                : null;
    }

    /** Puts one item (its key attributes present, of the table's types). */
    public void put(Map<String, AttributeValue> item) throws InterruptedException {
        if (batch != null) {
            batch.put(item);
        } else if (single != null) {
            putIf(item);
        } else {
            wouldWrite++;
        }
    }

    private void putIf(Map<String, AttributeValue> item) throws InterruptedException {
        Map<String, AttributeValue> key = target.keys().keyOf(item);
        PutItemRequest.Builder request = PutItemRequest.builder()
                .tableName(target.table())
                .item(item)
                .returnConsumedCapacity(ConsumedUnits.WRITES);
        if (condition.kind() == Kind.ABSENT) {
            request.conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", target.keys().partitionKey()));
        } else {
            AttributeValue order = item.get(condition.column());
            if (order == null || order.nul() != null) {
                failures.record("put", item, "no '" + condition.column() + "' attribute to compare (only-if-newer)");
                refused++;
                return;
            }
            request.conditionExpression("attribute_not_exists(#k) OR #c < :c")
                    .expressionAttributeNames(Map.of("#k", target.keys().partitionKey(), "#c", condition.column()))
                    .expressionAttributeValues(Map.of(":c", order));
        }
        PutItemRequest built = request.build();
        single.submit("put", key, 1.0, client -> client.putItem(built).consumedCapacity(), client -> sameAsNow(client, key, item));
    }

    /** After a lost reply and a failed condition: the put was ours if the item now is exactly what we sent. */
    private ItemWriter.Verdict sameAsNow(DynamoDbClient client, Map<String, AttributeValue> key, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> now = client.getItem(GetItemRequest.builder().tableName(target.table()).key(key)
                .consistentRead(true).build()).item();
        return item.equals(now) ? ItemWriter.Verdict.APPLIED : ItemWriter.Verdict.UNKNOWN;
    }

    /** Waits for every put and returns the counts: done, skipped by the condition, failed. */
    public Counts finish() throws InterruptedException {
        if (batch != null) {
            batch.flush();
        } else if (single != null) {
            single.flush();
        } else {
            return new Counts(wouldWrite, 0, 0, 0, 0);
        }
        return confirmed();
    }

    /** What DynamoDB confirmed so far (nothing in a dry run). */
    public Counts confirmed() {
        if (batch != null) {
            BatchWriter.Stats stats = batch.stats();
            return new Counts(stats.written(), 0, 0, stats.failed(), stats.consumedUnits());
        }
        if (single != null) {
            ItemWriter.Stats stats = single.stats();
            return new Counts(stats.done(), stats.conditionFailed(), 0,
                    stats.failed() + refused, stats.consumedUnits(), stats.replyLost(), stats.outcomeUnknown());
        }
        return new Counts(0, 0, 0, 0, 0);
    }

    @Override
    public void close() throws InterruptedException {
        if (batch != null) {
            batch.close();
        }
        if (single != null) {
            single.close();
        }
    }
}
