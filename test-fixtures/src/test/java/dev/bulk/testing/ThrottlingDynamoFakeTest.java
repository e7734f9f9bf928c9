package dev.bulk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The capacity test double against a real DynamoDB Local, on a manual clock: what it serves and
 * refuses follows the configured capacity exactly, refused requests write nothing (checked by an
 * independent scan of DynamoDB Local), and the SDK sees DynamoDB's exceptions and reasons.
 */
class ThrottlingDynamoFakeTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock();
    private final ThrottlingDynamoFake fake = ThrottlingDynamoFake.start(DYNAMO.endpoint(), 0, clock);
    private final List<DynamoDbClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(DynamoDbClient::close);
        assertThat(fake.failures()).isZero();
        fake.close();
    }

    /** A table in DynamoDB Local (pk, sk), optionally with a global secondary index on "g". */
    private static String newTable(String prefix, boolean withIndex) {
        String table = LocalDynamo.uniqueTable(prefix);
        DYNAMO.client().createTable(r -> {
            r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute("pk"), attribute("sk"), attribute("g"))
                    .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE));
            if (withIndex) {
                r.globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG").keySchema(key("g", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build());
            } else {
                r.attributeDefinitions(attribute("pk"), attribute("sk"));
            }
        });
        return table;
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** An SDK client through the fake that does not retry, identified by {@code accessKey}. */
    private DynamoDbClient client(String accessKey) {
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(URI.create(fake.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(1).build()))
                .build();
        clients.add(client);
        return client;
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk), "v", AttributeValue.fromS("small"));
    }

    private static void put(DynamoDbClient client, String table, Map<String, AttributeValue> item) {
        client.putItem(r -> r.tableName(table).item(item));
    }

    private static String arn(String table) {
        return DYNAMO.client().describeTable(r -> r.tableName(table)).table().tableArn();
    }

    /** The sort keys DynamoDB Local holds, by its own scan (not through the fake). */
    private static Set<String> sortKeysInTable(String table) {
        Set<String> keys = new HashSet<>();
        DYNAMO.client().scanPaginator(r -> r.tableName(table)).items().forEach(item -> keys.add(item.get("sk").s()));
        return keys;
    }

    private static ThrottlingReason onlyReason(DynamoDbException e) {
        List<ThrottlingReason> reasons = e instanceof ProvisionedThroughputExceededException p ? p.throttlingReasons()
                : ((ThrottlingException) e).throttlingReasons();
        assertThat(reasons).hasSize(1);
        return reasons.get(0);
    }

    @Test
    void provisionedTableThrottlesAClientAboveItsCapacityAndServesOneBelow() {
        String table = newTable("cap-prov", false);
        fake.setCapacity(table, TableCapacity.provisioned(10, 5).withBurstSeconds(0));
        DynamoDbClient greedy = client("greedy");
        for (int i = 0; i < 5; i++) {
            put(greedy, table, item("k" + i, "s" + i));
        }
        ProvisionedThroughputExceededException refused = assertThrows(ProvisionedThroughputExceededException.class, () -> put(greedy, table, item("k5", "s5")));
        assertThat(onlyReason(refused).reason()).isEqualTo("TableWriteProvisionedThroughputExceeded");
        assertThat(onlyReason(refused).resource()).isEqualTo(arn(table));
        assertThat(sortKeysInTable(table)).containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4");

        // A client at exactly the capacity, second after second, is never refused.
        DynamoDbClient steady = client("steady");
        for (int second = 0; second < 3; second++) {
            clock.advance(SECOND);
            for (int i = 0; i < 5; i++) {
                put(steady, table, item("t" + second, "u" + i));
            }
        }
        assertThat(fake.consumedWriteUnits(table)).isEqualTo(20.0);
        assertThat(fake.throttled(table)).isEqualTo(1);
        assertThat(fake.clients().get("steady").throttled()).isZero();
    }

    @Test
    void burstCreditLetsAnIdleTableServeAShortBurstUpToItsLimit() {
        String longBurst = newTable("cap-burst", false);
        String shortBurst = newTable("cap-burst", false);
        fake.setCapacity(longBurst, TableCapacity.provisioned(10, 2));
        fake.setCapacity(shortBurst, TableCapacity.provisioned(10, 2).withBurstSeconds(5));
        DynamoDbClient client = client("burst");
        put(client, longBurst, item("warm", "up"));
        put(client, shortBurst, item("warm", "up"));
        clock.advance(Duration.ofSeconds(10));
        // 1 unit left from the first second plus 10 idle seconds at 2 WCU; the short one keeps only 5 s.
        assertThat(writesUntilRefused(client, longBurst)).isEqualTo(21);
        assertThat(writesUntilRefused(client, shortBurst)).isEqualTo(10);
    }

    private static int writesUntilRefused(DynamoDbClient client, String table) {
        for (int i = 0; i < 1000; i++) {
            try {
                put(client, table, item("b", "s" + i));
            } catch (ProvisionedThroughputExceededException e) {
                return i;
            }
        }
        throw new AssertionError("never refused");
    }

    @Test
    void aHotPartitionThrottlesWhileTheTableIsUnderItsCapacity() {
        String table = newTable("cap-hot", false);
        fake.setCapacity(table, TableCapacity.provisioned(100, 100).withPartitions(4, 3000, 3));
        DynamoDbClient client = client("hot");
        for (int i = 0; i < 3; i++) {
            put(client, table, item("hot", "s" + i));
        }
        ProvisionedThroughputExceededException refused = assertThrows(ProvisionedThroughputExceededException.class, () -> put(client, table, item("hot", "s3")));
        assertThat(onlyReason(refused).reason()).isEqualTo("TableWriteKeyRangeThroughputExceeded");
        int hotPartition = fake.partitionOf(table, "{\"S\":\"hot\"}");
        String cold = IntStream.range(0, 100).mapToObj(i -> "cold" + i)
                .filter(key -> fake.partitionOf(table, "{\"S\":\"" + key + "\"}") != hotPartition).findFirst().orElseThrow();
        put(client, table, item(cold, "c"));
        assertThat(fake.consumedWriteUnits(table)).isEqualTo(4.0);
        assertThat(sortKeysInTable(table)).containsExactlyInAnyOrder("s0", "s1", "s2", "c");
    }

    @Test
    void aPartlyServedBatchReturnsUnprocessedItemsAndWritesExactlyTheOthers() {
        String table = newTable("cap-batch", false);
        fake.setCapacity(table, TableCapacity.provisioned(2, 7).withBurstSeconds(0));
        DynamoDbClient client = client("batch");
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("p" + i, "s" + i)).build()).build());
        }
        BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(Map.of(table, writes)));
        List<WriteRequest> unprocessed = response.unprocessedItems().get(table);
        assertThat(unprocessed).hasSize(13);
        Set<String> notWritten = unprocessed.stream().map(w -> w.putRequest().item().get("sk").s()).collect(Collectors.toSet());
        Set<String> expected = writes.stream().map(w -> w.putRequest().item().get("sk").s())
                .filter(sk -> !notWritten.contains(sk)).collect(Collectors.toSet());
        assertThat(sortKeysInTable(table)).isEqualTo(expected).hasSize(7);

        // Nothing left to serve: the whole call is refused, as DynamoDB does.
        assertThatThrownBy(() -> client.batchWriteItem(r -> r.requestItems(Map.of(table, unprocessed))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);

        // Reads too: 2 RCU serve four eventually consistent keys; the other six come back unprocessed.
        List<Map<String, AttributeValue>> keys = expected.stream().sorted().map(sk -> Map.of("pk", AttributeValue.fromS("p" + sk.substring(1)),
                "sk", AttributeValue.fromS(sk))).collect(Collectors.toList());
        BatchGetItemResponse read = client.batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys).build())));
        assertThat(read.responses().get(table)).hasSize(4);
        assertThat(read.unprocessedKeys().get(table).keys()).hasSize(3);
        assertThat(fake.clients().get("batch").unprocessed()).isEqualTo(13 + 3);
    }

    @Test
    void onDemandServesItsWarmThroughputThenDoubleThePreviousPeakUpToItsMaximum() {
        String fresh = newTable("cap-od", false);
        fake.setCapacity(fresh, TableCapacity.payPerRequest());
        DynamoDbClient client = client("od");
        put(client, fresh, item("x", "y"));
        assertThat(fake.writeLimit(fresh)).isEqualTo(4000.0);
        assertThat(fake.readLimit(fresh)).isEqualTo(12000.0);

        String table = newTable("cap-od", false);
        fake.setCapacity(table, TableCapacity.payPerRequest().withCapacity(12, 4));
        assertThat(writesUntilRefused(client, table)).isEqualTo(4);
        clock.advance(SECOND);
        assertThat(fake.writeLimit(table)).isEqualTo(8.0);
        assertThat(writesUntilRefused(client, table)).isEqualTo(8);
        clock.advance(SECOND);
        assertThat(fake.writeLimit(table)).isEqualTo(16.0);

        fake.setCapacity(table, TableCapacity.payPerRequest().withCapacity(12, 4).withMaximum(0, 10));
        assertThat(fake.writeLimit(table)).isEqualTo(10.0);
        for (int i = 0; i < 10; i++) {
            put(client, table, item("m", "m" + i));
        }
        ThrottlingException refused = assertThrows(ThrottlingException.class,
                () -> put(client, table, item("m", "m10")));
        assertThat(onlyReason(refused).reason()).isEqualTo("TableWriteMaxOnDemandThroughputExceeded");
    }

    @Test
    void capacityLoweredAtRunTimeTakesEffectAtOnceAndDescribeTableReportsIt() throws Exception {
        String table = newTable("cap-drop", true);
        fake.setCapacity(table, TableCapacity.provisioned(40, 30).withIndex("byG", 20, 10).withBurstSeconds(0));
        DynamoDbClient client = client("drop");
        TableDescription described = client.describeTable(r -> r.tableName(table)).table();
        assertThat(described.billingModeSummary().billingModeAsString()).isEqualTo("PROVISIONED");
        assertThat(described.provisionedThroughput().readCapacityUnits()).isEqualTo(40L);
        assertThat(described.provisionedThroughput().writeCapacityUnits()).isEqualTo(30L);
        assertThat(described.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits()).isEqualTo(10L);
        for (int i = 0; i < 10; i++) {
            put(client, table, item("d", "s" + i));
        }

        // Dropped through UpdateTable, as a bench script would: the unused credit goes with it.
        client.updateTable(r -> r.tableName(table).provisionedThroughput(p -> p.readCapacityUnits(40L).writeCapacityUnits(2L)));
        assertThat(client.describeTable(r -> r.tableName(table)).table().provisionedThroughput().writeCapacityUnits())
                .isEqualTo(2L);
        assertThat(writesUntilRefused(client, table)).isEqualTo(2);

        // And through the fake's own endpoint, for a script without an SDK; credit then accrues at the new rate.
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(fake.endpoint() + "/_fake/capacity?table=" + table + "&spec=provisioned,read=40,write=5,burst=0")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"writeLimit\":5.0");
        clock.advance(SECOND);
        assertThat(writesUntilRefused(client, table)).isEqualTo(5);

        String onDemand = newTable("cap-drop", false);
        fake.setCapacity(onDemand, TableCapacity.payPerRequest().withCapacity(500, 300).withMaximum(900, 600));
        TableDescription od = client.describeTable(r -> r.tableName(onDemand)).table();
        assertThat(od.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(od.warmThroughput().writeUnitsPerSecond()).isEqualTo(300L);
        assertThat(od.onDemandThroughput().maxWriteRequestUnits()).isEqualTo(600L);
    }

    @Test
    void aThrottledIndexThrottlesTheTablesWrites() {
        String table = newTable("cap-gsi", true);
        fake.setCapacity(table, TableCapacity.provisioned(100, 100).withIndex("byG", 1, 2).withBurstSeconds(0));
        DynamoDbClient client = client("gsi");
        for (int i = 0; i < 2; i++) {
            int n = i;
            client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"), "sk",
                    AttributeValue.fromS("s" + n), "g", AttributeValue.fromS("G"))));
        }
        ProvisionedThroughputExceededException refused = assertThrows(
                ProvisionedThroughputExceededException.class, () -> client.putItem(r -> r.tableName(table).item(Map.of(
                        "pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("s2"), "g", AttributeValue.fromS("G")))));
        assertThat(onlyReason(refused).reason()).isEqualTo("IndexWriteProvisionedThroughputExceeded");
        assertThat(onlyReason(refused).resource()).isEqualTo(arn(table) + "/index/byG");
        put(client, table, item("a", "no-index")); // carries no index key: the index is not written
        assertThat(sortKeysInTable(table)).containsExactlyInAnyOrder("s0", "s1", "no-index");

        // A Query of the index reads the index's capacity (1 RCU: two half-unit queries), not the table's.
        for (int i = 0; i < 2; i++) {
            assertThat(client.query(r -> r.tableName(table).indexName("byG").keyConditionExpression("g = :g")
                    .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("G")))).count()).isEqualTo(2);
        }
        ProvisionedThroughputExceededException indexRead = assertThrows(ProvisionedThroughputExceededException.class,
                () -> client.query(r -> r.tableName(table).indexName("byG").keyConditionExpression("g = :g")
                        .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("G")))));
        assertThat(onlyReason(indexRead).reason()).isEqualTo("IndexReadProvisionedThroughputExceeded");
        assertThat(fake.readLimit(table)).isEqualTo(100.0);
    }

    @Test
    void unitsAreWhatDynamoDbChargesAndAClientSeesOnlyTheConsumedCapacityItAskedFor() {
        String table = newTable("cap-units", false);
        fake.setCapacity(table, TableCapacity.provisioned(1, 100).withBurstSeconds(0));
        DynamoDbClient client = client("units");
        String big = "x".repeat(3000);
        PutItemResponse reply = client.putItem(r -> r.tableName(table).returnConsumedCapacity("TOTAL").item(Map.of(
                "pk", AttributeValue.fromS("big"), "sk", AttributeValue.fromS("0"), "v", AttributeValue.fromS(big))));
        assertThat(reply.consumedCapacity().capacityUnits()).isEqualTo(3.0);
        assertThat(reply.consumedCapacity().table()).isNull();
        // An update is charged the larger of the old and new item, which only DynamoDB (Local) knows.
        UpdateItemResponse updated = client.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("big"),
                "sk", AttributeValue.fromS("0"))).updateExpression("SET w = :w")
                .expressionAttributeValues(Map.of(":w", AttributeValue.fromN("1"))));
        assertThat(updated.consumedCapacity()).isNull();
        assertThat(fake.consumedWriteUnits(table)).isEqualTo(6.0);

        for (int i = 1; i < 10; i++) {
            int n = i;
            client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("big"),
                    "sk", AttributeValue.fromS(String.valueOf(n)), "v", AttributeValue.fromS(big))));
        }
        // A scan of ~30 KB costs 4 RCU against 1 RCU of capacity: served, leaving a debt of 3 units.
        assertThat(client.scan(r -> r.tableName(table)).count()).isEqualTo(10);
        assertThat(fake.consumedReadUnits(table)).isEqualTo(4.0);
        ProvisionedThroughputExceededException refused = assertThrows(
                ProvisionedThroughputExceededException.class, () -> client.getItem(r -> r.tableName(table)
                        .key(Map.of("pk", AttributeValue.fromS("big"), "sk", AttributeValue.fromS("0")))));
        assertThat(onlyReason(refused).reason()).isEqualTo("TableReadProvisionedThroughputExceeded");
        clock.advance(Duration.ofMillis(3400));
        assertThatThrownBy(() -> client.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("big"), "sk", AttributeValue.fromS("0")))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        clock.advance(Duration.ofMillis(100)); // debt repaid and half a unit saved: a read of half a unit passes
        assertThat(client.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("big"), "sk", AttributeValue.fromS("0")))).hasItem()).isTrue();
    }

    @Test
    void statisticsAreKeptPerClient() {
        String table = newTable("cap-stats", false);
        fake.setCapacity(table, TableCapacity.provisioned(10, 2).withBurstSeconds(0));
        DynamoDbClient bulk = client("bulk");
        DynamoDbClient production = client("production");
        put(production, table, item("p", "0"));
        put(bulk, table, item("b", "0"));
        assertThatThrownBy(() -> put(bulk, table, item("b", "1"))).isInstanceOf(ProvisionedThroughputExceededException.class);
        clock.advance(SECOND);
        put(bulk, table, item("b", "2"));
        clock.advance(SECOND);
        put(bulk, table, item("b", "3"));

        ClientStats.Snapshot ofBulk = fake.clients().get("bulk");
        assertThat(ofBulk.requests()).isEqualTo(4);
        assertThat(ofBulk.throttled()).isEqualTo(1);
        assertThat(ofBulk.writeUnits()).isEqualTo(3.0);
        assertThat(ofBulk.seconds()).isEqualTo(2.0);
        assertThat(ofBulk.unitsPerSecond()).isEqualTo(1.5);
        ClientStats.Snapshot ofProduction = fake.clients().get("production");
        assertThat(ofProduction.requests()).isEqualTo(1);
        assertThat(ofProduction.throttled()).isZero();
        assertThat(ofProduction.writeUnits()).isEqualTo(1.0);
    }
}
