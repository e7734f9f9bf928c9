package dev.bulk.dynamo;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The units a request consumed, as DynamoDB reports them, for the budget. Writes ask for
 * {@link #WRITES} (the table's and each index's units): a write also writes every global secondary
 * index that projects the item, and those units are budgeted with the table's, so a table with
 * indexes is not written faster than its indexes can follow.
 */
public final class ConsumedUnits {
    /** What every write request (BatchWriteItem, PutItem, UpdateItem, DeleteItem) asks DynamoDB to report. */
    public static final ReturnConsumedCapacity WRITES = ReturnConsumedCapacity.INDEXES;

    private ConsumedUnits() {
    }

    /**
     * The table's plus its indexes' units where DynamoDB breaks them down, else its aggregate
     * (whichever is larger, so neither reading of the aggregate undercounts); {@code fallback}
     * when it reported nothing.
     */
    public static double of(ConsumedCapacity consumed, double fallback) {
        if (consumed == null) {
            return fallback;
        }
        double parts = units(consumed.table());
        boolean broken = consumed.table() != null;
        if (consumed.hasGlobalSecondaryIndexes()) {
            for (Capacity index : consumed.globalSecondaryIndexes().values()) {
                parts += units(index);
                broken = true;
            }
        }
        if (consumed.hasLocalSecondaryIndexes()) {
            for (Capacity index : consumed.localSecondaryIndexes().values()) {
                parts += units(index);
                broken = true;
            }
        }
        Double total = consumed.capacityUnits();
        if (total == null && !broken) {
            return fallback;
        }
        return Math.max(total == null ? 0 : total, parts);
    }

    /** The sum over a batch's tables ({@link #of(ConsumedCapacity, double)} each); {@code fallback} if none. */
    public static double of(List<ConsumedCapacity> consumed, double fallback) {
        if (consumed == null || consumed.isEmpty()) {
            return fallback;
        }
        double total = 0;
        for (ConsumedCapacity capacity : consumed) {
            total += of(capacity, 0);
        }
        return total;
    }

    private static double units(Capacity capacity) {
        return capacity == null || capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
    }
}
