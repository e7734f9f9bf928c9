package dev.bulk.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableClass;

/**
 * What a command needs to know about a table (or one of its indexes) before it works: key schema,
 * billing mode, capacity ceilings, size and item count.
 *
 * @param readCapacity  provisioned RCU, or on-demand maximum read request units, or null
 * @param writeCapacity provisioned WCU, or on-demand maximum write request units, or null
 * @param warmReadPerSecond  the table's warm throughput for reads (what it serves at once), or null
 * @param warmWritePerSecond the table's warm throughput for writes, or null
 */
public record TableInfo(String tableName, String indexName, String region, KeySchema keySchema, boolean onDemand,
        Long readCapacity, Long writeCapacity, long itemCount, long sizeBytes, boolean infrequentAccess,
        List<String> indexNames, Long warmReadPerSecond, Long warmWritePerSecond) {

    public TableInfo {
        Objects.requireNonNull(tableName, "tableName is null");
        Objects.requireNonNull(keySchema, "keySchema is null");
        indexNames = List.copyOf(indexNames);
    }

    static TableInfo from(TableDescription table, String region) {
        boolean onDemand = table.billingModeSummary() != null
                && table.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
        Long read;
        Long write;
        if (onDemand) {
            read = positiveOrNull(table.onDemandThroughput() == null ? null : table.onDemandThroughput().maxReadRequestUnits());
            write = positiveOrNull(table.onDemandThroughput() == null ? null : table.onDemandThroughput().maxWriteRequestUnits());
        } else {
            read = positiveOrNull(table.provisionedThroughput() == null ? null : table.provisionedThroughput().readCapacityUnits());
            write = positiveOrNull(table.provisionedThroughput() == null ? null : table.provisionedThroughput().writeCapacityUnits());
        }
        boolean infrequentAccess = table.tableClassSummary() != null
                && table.tableClassSummary().tableClass() == TableClass.STANDARD_INFREQUENT_ACCESS;
        List<String> indexes = new ArrayList<>();
        for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
            indexes.add(gsi.indexName());
        }
        for (LocalSecondaryIndexDescription lsi : table.localSecondaryIndexes()) {
            indexes.add(lsi.indexName());
        }
        Long warmRead = table.warmThroughput() == null ? null : positiveOrNull(table.warmThroughput().readUnitsPerSecond());
        Long warmWrite = table.warmThroughput() == null ? null : positiveOrNull(table.warmThroughput().writeUnitsPerSecond());
        return new TableInfo(table.tableName(), null, region,
                KeySchema.from(table.keySchema(), table.attributeDefinitions()), onDemand, read, write,
                orZero(table.itemCount()), orZero(table.tableSizeBytes()), infrequentAccess, indexes, warmRead, warmWrite);
    }

    /**
     * The same table seen through one of its indexes (for scans of a GSI or LSI): its key schema,
     * size and count; a GSI has its own provisioned capacity.
     */
    TableInfo forIndex(TableDescription table, String index) {
        for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
            if (gsi.indexName().equals(index)) {
                Long read = readCapacity;
                Long write = writeCapacity;
                if (!onDemand && gsi.provisionedThroughput() != null) {
                    read = positiveOrNull(gsi.provisionedThroughput().readCapacityUnits());
                    write = positiveOrNull(gsi.provisionedThroughput().writeCapacityUnits());
                }
                return new TableInfo(tableName, index, region, KeySchema.from(gsi.keySchema(), table.attributeDefinitions()),
                        onDemand, read, write, orZero(gsi.itemCount()), orZero(gsi.indexSizeBytes()), infrequentAccess,
                        indexNames, warmReadPerSecond, warmWritePerSecond);
            }
        }
        for (LocalSecondaryIndexDescription lsi : table.localSecondaryIndexes()) {
            if (lsi.indexName().equals(index)) {
                return new TableInfo(tableName, index, region, KeySchema.from(lsi.keySchema(), table.attributeDefinitions()),
                        onDemand, readCapacity, writeCapacity, orZero(lsi.itemCount()), orZero(lsi.indexSizeBytes()),
                        infrequentAccess, indexNames, warmReadPerSecond, warmWritePerSecond);
            }
        }
        return null;
    }

    private static Long positiveOrNull(Integer value) {
        return value == null || value <= 0 ? null : value.longValue();
    }

    private static Long positiveOrNull(Long value) {
        return value == null || value <= 0 ? null : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
