package dev.bulk.engine.load;

import dev.bulk.dynamo.ConsumedUnits;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.FailureSink;
import dev.bulk.dynamo.ItemWriter;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * --merge-latest's writes, one conditional request per key: a PutItem that applies only when the
 * table has no such item or an older one ({@code attribute_not_exists(#pk) OR #order < :v}), and for
 * a record whose --delete-flag is true a DeleteItem that applies only to an older item
 * ({@code #order < :v}; an absent item fails the condition: nothing to do). A failed condition is
 * "not newer", so re-running the same load changes nothing. The delete-flag column is not written.
 */
final class MergeLatestSink implements AutoCloseable {
    record Result(long written, long deleted, long notNewer, long failed, double writeUnits) {
    }

    private final MutationAction.Target target;
    private final String orderColumn;
    private final String deleteFlag;
    private final ItemWriter puts;
    private final ItemWriter deletes;
    private final Map<String, String> putNames;
    private final Map<String, String> deleteNames;
    private long wouldWrite;
    private long wouldDelete;

    MergeLatestSink(MutationAction.Target target, String orderColumn, String deleteFlag, FailureSink failures) {
        this.target = target;
        this.orderColumn = orderColumn;
        this.deleteFlag = deleteFlag;
        this.putNames = Map.of("#pk", target.keys().partitionKey(), "#order", orderColumn);
        this.deleteNames = Map.of("#order", orderColumn);
        if (target.dryRun()) {
            puts = null;
            deletes = null;
        } else {
            int threads = Math.max(1, target.threads());
            puts = ItemWriter.create(DynamoClients.get(target.settings()), target.budget().limiter(), failures, threads);
            deletes = ItemWriter.create(DynamoClients.get(target.settings()), target.budget().limiter(), failures,
                    Math.max(1, threads / 4));
        }
    }

    void accept(Map<String, AttributeValue> record, boolean delete) throws InterruptedException {
        Map<String, AttributeValue> values = Map.of(":v", record.get(orderColumn));
        Map<String, AttributeValue> key = target.keys().keyOf(record);
        if (delete) {
            if (deletes == null) {
                wouldDelete++;
                return;
            }
            DeleteItemRequest request = DeleteItemRequest.builder().tableName(target.table()).key(key)
                    .conditionExpression("#order < :v").expressionAttributeNames(deleteNames).expressionAttributeValues(values)
                    .returnConsumedCapacity(ConsumedUnits.WRITES).build();
            deletes.submit("delete", key, 1.0, client -> client.deleteItem(request).consumedCapacity());
            return;
        }
        Map<String, AttributeValue> item = record;
        if (deleteFlag != null && record.containsKey(deleteFlag)) {
            item = new LinkedHashMap<>(record);
            item.remove(deleteFlag);
        }
        if (puts == null) {
            wouldWrite++;
            return;
        }
        PutItemRequest request = PutItemRequest.builder().tableName(target.table()).item(item)
                .conditionExpression("attribute_not_exists(#pk) OR #order < :v").expressionAttributeNames(putNames)
                .expressionAttributeValues(values).returnConsumedCapacity(ConsumedUnits.WRITES).build();
        puts.submit("put", item, 1.0, client -> client.putItem(request).consumedCapacity());
    }

    Result finish() throws InterruptedException {
        if (puts == null) {
            return new Result(wouldWrite, wouldDelete, 0, 0, 0);
        }
        puts.flush();
        deletes.flush();
        ItemWriter.Stats p = puts.stats();
        ItemWriter.Stats d = deletes.stats();
        return new Result(p.done(), d.done(), p.conditionFailed() + d.conditionFailed(), p.failed() + d.failed(),
                p.consumedUnits() + d.consumedUnits());
    }

    /** The puts DynamoDB confirmed so far, as the journal keeps them ({@link LoadJournal}); zero in a dry run. */
    MutationJob.Counts confirmedPuts() {
        return confirmed(puts);
    }

    /** The --delete-flag deletes DynamoDB confirmed so far. */
    MutationJob.Counts confirmedDeletes() {
        return confirmed(deletes);
    }

    private static MutationJob.Counts confirmed(ItemWriter writer) {
        if (writer == null) {
            return MutationJob.Counts.ZERO;
        }
        ItemWriter.Stats stats = writer.stats();
        return LoadJob.journaled(0, 0, stats.done(), stats.conditionFailed(), stats.failed(), stats.consumedUnits());
    }

    @Override
    public void close() throws InterruptedException {
        if (puts != null) {
            try {
                puts.close();
            } finally {
                deletes.close();
            }
        }
    }

    /** A --delete-flag value that means "delete": BOOL true, a non-zero number, or the text true/yes/1/y. */
    static boolean flagged(AttributeValue value) {
        if (value == null) {
            return false;
        }
        if (value.bool() != null) {
            return value.bool();
        }
        if (value.n() != null) {
            return new BigDecimal(value.n()).signum() != 0;
        }
        if (value.s() != null) {
            String text = value.s().trim().toLowerCase(Locale.ROOT);
            return text.equals("true") || text.equals("yes") || text.equals("y") || text.equals("1");
        }
        return false;
    }

    /** Order of two order values as DynamoDB compares them; a number sorts before any string. */
    static int compare(String typeA, String textA, String typeB, String textB) {
        if (!typeA.equals(typeB)) {
            return typeA.equals("N") ? -1 : 1;
        }
        if (typeA.equals("N")) {
            return new BigDecimal(textA).compareTo(new BigDecimal(textB));
        }
        return Arrays.compareUnsigned(textA.getBytes(StandardCharsets.UTF_8), textB.getBytes(StandardCharsets.UTF_8));
    }
}
