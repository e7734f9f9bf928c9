package dev.bulk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.testing.TableThrottle.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control-plane side of {@link ThrottlingDynamoFake}: what a table looks like to it (read from
 * DynamoDB Local's DescribeTable), the capacity a table has when none was configured, a table
 * description rewritten to report the capacity the fake enforces, and the capacity an UpdateTable
 * asks for.
 */
final class CapacityDescriptions {
    private CapacityDescriptions() {
    }

    static Shape shapeOf(JsonNode table) {
        Map<String, String> indexKeys = new LinkedHashMap<>();
        Map<String, String> indexArns = new LinkedHashMap<>();
        for (JsonNode index : table.path("GlobalSecondaryIndexes")) {
            String name = index.path("IndexName").asText();
            indexKeys.put(name, hashKey(index));
            indexArns.put(name, index.path("IndexArn").asText(table.path("TableArn").asText() + "/index/" + name));
        }
        return new Shape(table.path("TableName").asText(), table.path("TableArn").asText(), hashKey(table), indexKeys,
                indexArns, table.path("TableSizeBytes").asLong());
    }

    private static String hashKey(JsonNode tableOrIndex) {
        for (JsonNode element : tableOrIndex.path("KeySchema")) {
            if ("HASH".equals(element.path("KeyType").asText())) {
                return element.path("AttributeName").asText();
            }
        }
        return null;
    }

    /** A table nobody configured has what DynamoDB Local says: its provisioned throughput, or on-demand. */
    static TableCapacity capacityOf(JsonNode table) {
        boolean onDemand = "PAY_PER_REQUEST".equals(table.path("BillingModeSummary").path("BillingMode").asText());
        JsonNode throughput = table.path("ProvisionedThroughput");
        if (onDemand || throughput.path("WriteCapacityUnits").asLong() <= 0) {
            return TableCapacity.payPerRequest();
        }
        TableCapacity capacity = TableCapacity.provisioned(throughput.path("ReadCapacityUnits").asDouble(),
                throughput.path("WriteCapacityUnits").asDouble());
        for (JsonNode index : table.path("GlobalSecondaryIndexes")) {
            JsonNode indexThroughput = index.path("ProvisionedThroughput");
            if (indexThroughput.path("WriteCapacityUnits").asLong() > 0) {
                capacity = capacity.withIndex(index.path("IndexName").asText(),
                        indexThroughput.path("ReadCapacityUnits").asDouble(), indexThroughput.path("WriteCapacityUnits").asDouble());
            }
        }
        return capacity;
    }

    /** Rewrites a TableDescription in place to report {@code capacity}, as DynamoDB would describe it. */
    static void describe(ObjectNode table, TableCapacity capacity) {
        ObjectNode throughput = table.withObject("/ProvisionedThroughput");
        ObjectNode billing = table.putObject("BillingModeSummary");
        if (capacity.onDemand()) {
            throughput.put("ReadCapacityUnits", 0).put("WriteCapacityUnits", 0);
            billing.put("BillingMode", "PAY_PER_REQUEST");
            table.putObject("OnDemandThroughput")
                    .put("MaxReadRequestUnits", capacity.maxRead() > 0 ? (long) capacity.maxRead() : -1)
                    .put("MaxWriteRequestUnits", capacity.maxWrite() > 0 ? (long) capacity.maxWrite() : -1);
            table.putObject("WarmThroughput")
                    .put("ReadUnitsPerSecond", (long) capacity.read())
                    .put("WriteUnitsPerSecond", (long) capacity.write())
                    .put("Status", "ACTIVE");
            return;
        }
        throughput.put("ReadCapacityUnits", (long) capacity.read()).put("WriteCapacityUnits", (long) capacity.write());
        billing.put("BillingMode", "PROVISIONED");
        for (JsonNode index : table.path("GlobalSecondaryIndexes")) {
            TableCapacity.IndexCapacity indexCapacity = capacity.indexes().get(index.path("IndexName").asText());
            if (indexCapacity != null && index instanceof ObjectNode object) {
                object.withObject("/ProvisionedThroughput").put("ReadCapacityUnits", (long) indexCapacity.read())
                        .put("WriteCapacityUnits", (long) indexCapacity.write());
            }
        }
    }

    /**
     * Takes the capacity settings out of an UpdateTable request and returns {@code current} changed
     * by them; what remains in the request (e.g. a stream setting) is for DynamoDB Local.
     */
    static TableCapacity update(ObjectNode request, TableCapacity current) {
        TableCapacity next = current;
        String billing = request.path("BillingMode").asText("");
        JsonNode throughput = request.get("ProvisionedThroughput");
        if ("PAY_PER_REQUEST".equals(billing) && !current.onDemand()) {
            next = TableCapacity.payPerRequest().withBurstSeconds(current.burstSeconds())
                    .withPartitions(current.partitions(), current.partitionRead(), current.partitionWrite());
        } else if (throughput != null && current.onDemand()) {
            next = TableCapacity.provisioned(0, 0).withBurstSeconds(current.burstSeconds())
                    .withPartitions(current.partitions(), current.partitionRead(), current.partitionWrite());
        }
        if (throughput != null) {
            next = next.withCapacity(throughput.path("ReadCapacityUnits").asDouble(next.read()),
                    throughput.path("WriteCapacityUnits").asDouble(next.write()));
        }
        JsonNode warm = request.get("WarmThroughput");
        if (warm != null && next.onDemand()) {
            next = next.withCapacity(warm.path("ReadUnitsPerSecond").asDouble(next.read()),
                    warm.path("WriteUnitsPerSecond").asDouble(next.write()));
        }
        JsonNode max = request.get("OnDemandThroughput");
        if (max != null) {
            next = next.withMaximum(Math.max(0, max.path("MaxReadRequestUnits").asDouble(next.maxRead())),
                    Math.max(0, max.path("MaxWriteRequestUnits").asDouble(next.maxWrite())));
        }
        if (request.get("GlobalSecondaryIndexUpdates") instanceof ArrayNode updates) {
            for (int i = updates.size() - 1; i >= 0; i--) {
                JsonNode update = updates.get(i).path("Update");
                JsonNode indexThroughput = update.get("ProvisionedThroughput");
                if (indexThroughput != null) {
                    next = next.withIndex(update.path("IndexName").asText(),
                            indexThroughput.path("ReadCapacityUnits").asDouble(),
                            indexThroughput.path("WriteCapacityUnits").asDouble());
                    updates.remove(i);
                }
            }
            if (updates.isEmpty()) {
                request.remove("GlobalSecondaryIndexUpdates");
            }
        }
        request.remove(List.of("BillingMode", "ProvisionedThroughput", "WarmThroughput", "OnDemandThroughput"));
        return next;
    }
}
