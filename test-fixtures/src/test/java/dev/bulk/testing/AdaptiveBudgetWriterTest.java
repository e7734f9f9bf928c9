package dev.bulk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.dynamo.BatchWriter;
import dev.bulk.dynamo.CapacityLimiter;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.RateStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The batch writer's adaptive budget against DynamoDB Local behind the fault-injecting proxy (a
 * hand-written fake of what DynamoDB Local cannot do: throttles and unprocessed items): the budget
 * slows down on throttles and every item still arrives, as an independent scan shows. Index units
 * are budgeted too, as DynamoDB Local reports them.
 */
class AdaptiveBudgetWriterTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final KeySchema KEYS = new KeySchema("pk", "S", null, null);

    @Test
    void throttlesSlowTheBudgetDownAndEveryItemIsStillWritten() throws InterruptedException {
        String table = LocalDynamo.uniqueTable("aimd-writer");
        DYNAMO.client().createTable(r -> r.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none()
                .throttleEvery("BatchWriteItem", 4)
                .unprocessedFraction(0.2)
                .seed(11);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        CapacityLimiter limiter = CapacityLimiter.system(2_000);
        BatchWriter.Stats stats;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            // One SDK attempt per call, so every throttle reaches the writer and the budget.
            DynamoDbClient client = DynamoClients.get(ClientSettings.local(proxy.endpoint()).withMaxAttempts(1));
            try (BatchWriter writer = BatchWriter.create(client, table, KEYS, limiter,
                    (op, item, error) -> failures.add(op + " " + item + ": " + error), 8)) {
                for (int i = 0; i < 1_000; i++) {
                    writer.put(Map.of("pk", AttributeValue.fromS("k" + i), "n", AttributeValue.fromN(Integer.toString(i))));
                }
                writer.flush();
                stats = writer.stats();
            }
        }
        RateStats rate = limiter.stats();
        assertThat(failures).as(faults.toString()).isEmpty();
        assertThat(stats.written()).isEqualTo(1_000);
        assertThat(faults.throttles()).isPositive();
        assertThat(faults.unprocessed()).isPositive();
        // Every throttle and every answer with unprocessed items was reported; they came in bursts,
        // so there were fewer congestion events than throttles, and the rate went down.
        assertThat(rate.throttles()).isGreaterThanOrEqualTo(faults.throttles());
        assertThat(rate.congestionEvents()).isPositive().isLessThan(rate.throttles());
        assertThat(rate.lowestRate()).isLessThan(2_000);
        assertThat(rate.finalRate()).isLessThanOrEqualTo(2_000);
        assertThat(rate.consumedUnits()).isCloseTo(stats.consumedUnits(), org.assertj.core.api.Assertions.within(1e-6));
        Set<String> keys = new HashSet<>();
        for (var page : DYNAMO.client().scanPaginator(r -> r.tableName(table).consistentRead(true))) {
            page.items().forEach(stored -> {
                assertThat(stored.get("n").n()).isEqualTo(stored.get("pk").s().substring(1));
                keys.add(stored.get("pk").s());
            });
        }
        assertThat(keys).hasSize(1_000);
    }

    @Test
    void aGlobalIndexsWriteUnitsAreChargedWithTheTables() throws InterruptedException {
        String table = LocalDynamo.uniqueTable("aimd-gsi");
        DYNAMO.client().createTable(r -> r.tableName(table)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        CapacityLimiter limiter = CapacityLimiter.system(100_000);
        BatchWriter.Stats stats;
        try (BatchWriter writer = BatchWriter.create(DYNAMO.client(), table, KEYS, limiter, (op, item, error) -> { }, 1)) {
            for (int i = 0; i < 50; i++) {
                writer.put(Map.of("pk", AttributeValue.fromS("k" + i), "g", AttributeValue.fromS("g" + (i % 5))));
            }
            writer.flush();
            stats = writer.stats();
        }
        assertThat(stats.written()).isEqualTo(50);
        // One unit for the table and one for the index per small item.
        assertThat(stats.consumedUnits()).isEqualTo(100.0);
        assertThat(limiter.stats().consumedUnits()).isEqualTo(100.0);
        assertThat(DYNAMO.countByScan(table)).isEqualTo(50);
    }
}
