package dev.bulk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.dynamo.BatchWriter;
import dev.bulk.dynamo.CapacityLimiter;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentScanner;
import dev.bulk.dynamo.TableRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The clients the jobs use (default settings: the SDK's ten attempts) do not retry throttles by
 * themselves, so the scanner and the batch writer see each one and tell the budget, which slows the
 * whole job down; and they still finish their work. Throttles come from the fault-injecting proxy, a
 * hand-written fake of what DynamoDB Local cannot do.
 */
class BudgetSeesEveryThrottleTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();

    @Test
    void everyThrottledScanReachesTheBudgetAndEachSegmentIsStillReadWhole() throws InterruptedException {
        String table = LocalDynamo.uniqueTable("sees-scan");
        createTable(table);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(Map.of("pk", AttributeValue.fromS("k" + i)));
        }
        DYNAMO.putAll(table, items);
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().throttleEvery("Scan", 2);
        CapacityLimiter limiter = CapacityLimiter.system(1_000_000);
        long counted = 0;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            DynamoDbClient client = DynamoClients.get(ClientSettings.local(proxy.endpoint()));
            SegmentScanner scanner = new SegmentScanner(client, limiter);
            // The table is one page: each scan is one call, and every second call is throttled.
            for (int scan = 0; scan < 3; scan++) {
                counted += scanner.scan(ScanSpec.count(new TableRef(table, null, null), null, 1), 0, (count, scanned, page) -> true)
                        .count();
            }
        }
        assertThat(counted).isEqualTo(3 * 60);
        assertThat(faults.throttles()).isPositive();
        assertThat(limiter.stats().throttles()).isEqualTo(faults.throttles());
    }

    @Test
    void everyThrottledBatchReachesTheBudgetAndEveryItemIsWritten() throws InterruptedException {
        String table = LocalDynamo.uniqueTable("sees-batch");
        createTable(table);
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().throttleEvery("BatchWriteItem", 3);
        CapacityLimiter limiter = CapacityLimiter.system(1_000_000);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            DynamoDbClient client = DynamoClients.get(ClientSettings.local(proxy.endpoint()));
            try (BatchWriter writer = BatchWriter.create(client, table, new KeySchema("pk", "S", null, null), limiter,
                    (op, item, error) -> failures.add(op + " " + item + ": " + error), 4)) {
                for (int i = 0; i < 300; i++) {
                    writer.put(Map.of("pk", AttributeValue.fromS("k" + i)));
                }
                // close() alone stops a writer (a cancelled task); a finished one flushes first.
                writer.flush();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(DYNAMO.countByScan(table)).isEqualTo(300);
        assertThat(faults.throttles()).isPositive();
        assertThat(limiter.stats().throttles()).isEqualTo(faults.throttles());
    }

    private static void createTable(String table) {
        DYNAMO.client().createTable(r -> r.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }
}
