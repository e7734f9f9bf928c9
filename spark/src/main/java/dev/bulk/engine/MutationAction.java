package dev.bulk.engine;

import dev.bulk.connector.ItemPutter;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.ConsumedUnits;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.FailureSink;
import dev.bulk.dynamo.ItemWriter;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.RetryPolicy;
import dev.bulk.dynamo.Silence;
import dev.bulk.scripts.ItemUpdate;
import dev.bulk.scripts.ItemUpdater;
import dev.bulk.scripts.ScriptRef;
import java.io.Serializable;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What a mutation does with each item it is given, on the executors: delete it, update it with
 * the user's updater, or put it into another table. Every item ends in exactly one count.
 */
public interface MutationAction extends Serializable {
    /** A task's sink for one unit; {@code failures} is the unit's failure file. */
    Sink open(FailureSink failures) throws Exception;

    /**
     * What a unit's items came to. {@code skipped} counts items the action chose to leave alone;
     * {@code replyLost} is the part of {@code done} confirmed by reading the item after a reply was
     * lost; {@code outcomeUnknown} the part of {@code failed} whose write may or may not have been
     * applied (a lost reply, then a failed condition that reading the item could not explain).
     */
    record Result(long done, long skipped, long conditionFailed, long failed, double writeUnits, long replyLost,
            long outcomeUnknown) {
        public Result(long done, long skipped, long conditionFailed, long failed, double writeUnits) {
            this(done, skipped, conditionFailed, failed, writeUnits, 0, 0);
        }
    }

    interface Sink extends AutoCloseable {
        void accept(Map<String, AttributeValue> item) throws InterruptedException;

        /** Waits for every write of the unit and returns its counts. */
        Result finish() throws InterruptedException;

        /** What DynamoDB confirmed so far (for the unit's journal), or null if this sink cannot tell. */
        default Result confirmed() {
            return null;
        }

        @Override
        void close() throws InterruptedException;
    }

    /**
     * A sink that reads the lines of a file unit itself (an export's records: one line may become
     * no write, one, or several); {@link #acceptLine} returns how many items the line counts as,
     * each of which ends in exactly one of the unit's counts.
     */
    interface LineSink extends Sink {
        long acceptLine(String line) throws InterruptedException;
    }

    /**
     * The written table.
     *
     * @param table the API name (name or ARN)
     * @param threads requests in flight per task
     * @param dryRun count what would be written, write nothing
     * @param itemRetry how per-item writes are retried (its deadline: --XWriteDeadline)
     */
    record Target(ClientSettings settings, String table, KeySchema keys, Budget budget, int threads, boolean dryRun,
            RetryPolicy itemRetry) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Target(ClientSettings settings, String table, KeySchema keys, Budget budget, int threads, boolean dryRun) {
            this(settings, table, keys, budget, threads, dryRun, RetryPolicy.ITEMS);
        }

        public Target withItemRetry(RetryPolicy policy) {
            return new Target(settings, table, keys, budget, threads, dryRun, policy);
        }

        /** The same target for the connector's put path. */
        public ItemPutter.Target forPuts() {
            return new ItemPutter.Target(settings, table, keys, budget, threads, dryRun, itemRetry);
        }
    }

    /**
     * DeleteItem per item, conditioned on the item still existing ({@code attribute_exists} of
     * the partition key): an item already gone is counted as such, not as deleted, so "Deleted N"
     * is what DynamoDB confirmed, and a delete never writes anything for a key that is gone. When
     * the condition fails on a retry after a lost reply, the failure itself shows the item is gone,
     * and our own earlier attempt may have deleted it: counted as deleted ("reply lost"), never as
     * someone else's delete.
     */
    static MutationAction delete(Target target) {
        return failures -> new WriterSink(target, failures) {
            private final Map<String, String> names = Map.of("#k", target.keys().partitionKey());

            @Override
            void write(Map<String, AttributeValue> item) throws InterruptedException {
                Map<String, AttributeValue> key = target.keys().keyOf(item);
                DeleteItemRequest request = DeleteItemRequest.builder()
                        .tableName(target.table())
                        .key(key)
                        .conditionExpression("attribute_exists(#k)")
                        .expressionAttributeNames(names)
                        .returnConsumedCapacity(ConsumedUnits.WRITES)
                        .build();
                send("delete", key, client -> client.deleteItem(request).consumedCapacity(), client -> ItemWriter.Verdict.APPLIED);
            }
        };
    }

    /** The updater's UpdateItem per item; an updater that returns null leaves the item alone. */
    static MutationAction update(Target target, ScriptRef updater) {
        return failures -> {
            ItemUpdater instance = updater.newInstance(ItemUpdater.class);
            instance.open(target.keys().names());
            return new WriterSink(target, failures) {
                @Override
                void write(Map<String, AttributeValue> item) throws InterruptedException {
                    ItemUpdate update;
                    try {
                        update = instance.update(item);
                    } catch (RuntimeException e) {
                        fail("update", target.keys().keyOf(item), "the updater threw " + e);
                        return;
                    }
                    if (update == null) {
                        skip();
                        return;
                    }
                    UpdateItemRequest request;
                    try {
                        request = UpdateRequests.of(target.table(), target.keys(), update);
                    } catch (IllegalArgumentException e) {
                        fail("update", target.keys().keyOf(item), "the updater returned an invalid update: " + e.getMessage());
                        return;
                    }
                    send("update", update.key(), client -> client.updateItem(request).consumedCapacity(),
                            client -> AppliedUpdate.isApplied(update, AppliedUpdate.readConsistently(client, request))
                                    ? ItemWriter.Verdict.APPLIED : ItemWriter.Verdict.UNKNOWN);
                }
            };
        };
    }

    /**
     * The same UpdateItem for every item ({@code update --set/--remove/--add}), by its key; a failed
     * condition (the item is gone, or no longer matches --where or --condition) is counted, not an error.
     */
    static MutationAction update(Target target, DeclaredUpdate declared) {
        return failures -> new WriterSink(target, failures) {
            @Override
            void write(Map<String, AttributeValue> item) throws InterruptedException {
                ItemUpdate update = declared.forKey(target.keys().keyOf(item));
                UpdateItemRequest request = UpdateRequests.of(target.table(), target.keys(), update);
                send("update", update.key(), client -> client.updateItem(request).consumedCapacity(),
                        client -> AppliedUpdate.isApplied(update, AppliedUpdate.readConsistently(client, request))
                                ? ItemWriter.Verdict.APPLIED : ItemWriter.Verdict.UNKNOWN);
            }
        };
    }

    /** Puts of the items as they are (copy, load), through the writer the connector's df.write() uses too. */
    static MutationAction put(Target target) {
        return failures -> new Sink() {
            private final ItemPutter putter = new ItemPutter(target.forPuts(), ItemPutter.Condition.NONE, failures);

            @Override
            public void accept(Map<String, AttributeValue> item) throws InterruptedException {
                putter.put(item);
            }

            @Override
            public Result finish() throws InterruptedException {
                return result(putter.finish());
            }

            @Override
            public void close() throws InterruptedException {
                putter.close();
            }

            @Override
            public Result confirmed() {
                return result(putter.confirmed());
            }
        };
    }

    /** A sink that sends one request per item through an {@link ItemWriter}. */
    abstract class WriterSink implements Sink {
        private final ItemWriter writer;
        private final FailureSink failures;
        private final boolean dryRun;
        private long skipped;
        private long failedHere;
        private long wouldWrite;

        WriterSink(Target target, FailureSink failures) {
            this.failures = failures;
            this.dryRun = target.dryRun();
            // One SDK attempt per call: the writer must see every attempt to know which may have been applied.
            this.writer = dryRun ? null : new ItemWriter(DynamoClients.get(target.settings().withMaxAttempts(1)),
                    target.budget().limiter(), failures, target.itemRetry(), target.threads(),
                    Silence.of(target.settings().describe()));
        }

        abstract void write(Map<String, AttributeValue> item) throws InterruptedException;

        @Override
        public void accept(Map<String, AttributeValue> item) throws InterruptedException {
            write(item);
        }

        /** Sends one item's request, or in a dry run only counts it. */
        void send(String operation, Map<String, AttributeValue> key, ItemWriter.Call call, ItemWriter.Reconcile reconcile)
                throws InterruptedException {
            if (dryRun) {
                wouldWrite++;
            } else {
                writer.submit(operation, key, 1.0, call, reconcile);
            }
        }

        void skip() {
            skipped++;
        }

        void fail(String operation, Map<String, AttributeValue> key, String error) {
            failures.record(operation, key, error);
            failedHere++;
        }

        @Override
        public Result finish() throws InterruptedException {
            if (dryRun) {
                return new Result(wouldWrite, skipped, 0, failedHere, 0);
            }
            writer.flush();
            ItemWriter.Stats stats = writer.stats();
            return new Result(stats.done(), skipped, stats.conditionFailed(), stats.failed() + failedHere, stats.consumedUnits(),
                    stats.replyLost(), stats.outcomeUnknown());
        }

        @Override
        public void close() throws InterruptedException {
            if (writer != null) {
                writer.close();
            }
        }

        @Override
        public Result confirmed() {
            if (dryRun) {
                return new Result(0, 0, 0, 0, 0);
            }
            ItemWriter.Stats stats = writer.stats();
            return new Result(stats.done(), skipped, stats.conditionFailed(), stats.failed() + failedHere, stats.consumedUnits(),
                    stats.replyLost(), stats.outcomeUnknown());
        }
    }

    private static Result result(ItemPutter.Counts counts) {
        return new Result(counts.done(), counts.skipped(), counts.conditionFailed(), counts.failed(), counts.writeUnits(),
                counts.replyLost(), counts.outcomeUnknown());
    }
}
