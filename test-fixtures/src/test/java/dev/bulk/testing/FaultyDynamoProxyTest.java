package dev.bulk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bulk.dynamo.BatchWriter;
import dev.bulk.dynamo.CapacityLimiter;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.RetryPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The fault-injecting proxy against a real DynamoDB Local: faults happen as configured, what is
 * held back is really not written, what is not faulted passes unchanged, and the SDK and the
 * tool's own retry loop see the faults as they would see DynamoDB's.
 */
class FaultyDynamoProxyTest {
    private static final LocalDynamo DYNAMO = LocalDynamo.get();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String newTable(String prefix) {
        String table = LocalDynamo.uniqueTable(prefix);
        DYNAMO.client().createTable(r -> r.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return table;
    }

    /** A plain SDK client to {@code endpoint}; maxAttempts 1 = the SDK does not retry. */
    private static DynamoDbClient sdkClient(String endpoint, int maxAttempts) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build()))
                .build();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk));
    }

    private static Map<String, AttributeValue> item(String pk, int n) {
        return Map.of("pk", AttributeValue.fromS(pk), "n", AttributeValue.fromN(Integer.toString(n)));
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static boolean existsUpstream(String table, String pk) {
        return DYNAMO.client().getItem(r -> r.tableName(table).key(key(pk)).consistentRead(true)).hasItem();
    }

    @Test
    void heldBackWritesComeBackAsUnprocessedAndOnlyTheOthersAreWritten() {
        String table = newTable("proxy-unprocessed");
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().unprocessedFraction(0.3).seed(42);
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            writes.add(put(item("k" + i, i)));
        }
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults);
                DynamoDbClient client = sdkClient(proxy.endpoint(), 1)) {
            BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(Map.of(table, writes)));

            List<WriteRequest> unprocessed = response.unprocessedItems().get(table);
            // round(0.3 × 25) = 8 of the 25, each one of the requests sent, unchanged
            assertThat(unprocessed).hasSize(8).doesNotHaveDuplicates();
            assertThat(writes).containsAll(unprocessed);
            assertThat(faults.unprocessed()).isEqualTo(8);
            Set<String> heldKeys = unprocessed.stream().map(w -> w.putRequest().item().get("pk").s()).collect(Collectors.toSet());
            for (int i = 0; i < 25; i++) {
                assertThat(existsUpstream(table, "k" + i)).as("k" + i + " written").isEqualTo(!heldKeys.contains("k" + i));
            }
            assertThat(DYNAMO.countByScan(table)).isEqualTo(17);

            // what came back is a valid request the client can resend; without faults it all lands
            faults.unprocessedFraction(0);
            BatchWriteItemResponse resent = client.batchWriteItem(r -> r.requestItems(response.unprocessedItems()));
            assertThat(resent.unprocessedItems()).isEmpty();
            assertThat(DYNAMO.countByScan(table)).isEqualTo(25);
            assertThat(faults.calls("BatchWriteItem")).isEqualTo(2);
            assertThat(faults.unprocessed()).isEqualTo(8);
            assertThat(faults.proxyFailures()).isZero();
        }
    }

    /** DynamoDB Local never returns UnprocessedItems, so a stub upstream does, to check the merge. */
    @Test
    void heldBackWritesAreMergedWithWhatUpstreamLeftUnprocessed() throws IOException {
        List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            JsonNode request = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            received.add(request);
            // upstream leaves the first request of table "t" unprocessed, as DynamoDB may
            String body = "{\"UnprocessedItems\":{\"t\":[" + request.get("RequestItems").get("t").get(0) + "]}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amz-crc32", FaultyDynamoProxy.crc32(bytes));
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        stub.start();
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().unprocessedFraction(0.4).seed(7);
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(put(item("k" + i, i)));
        }
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start("http://127.0.0.1:" + stub.getAddress().getPort(), faults);
                DynamoDbClient client = sdkClient(proxy.endpoint(), 1)) {
            BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(Map.of("t", writes)));

            assertThat(received).hasSize(1);
            List<String> forwarded = new ArrayList<>();
            received.get(0).get("RequestItems").get("t").forEach(w -> forwarded.add(w.get("PutRequest").get("Item").get("pk").get("S").asText()));
            List<String> unprocessed = response.unprocessedItems().get("t").stream()
                    .map(w -> w.putRequest().item().get("pk").s()).collect(Collectors.toList());
            // 4 held back (never forwarded) + the 1 upstream left = 5; together with the 6 forwarded, all 10 once
            assertThat(forwarded).hasSize(6);
            assertThat(unprocessed).hasSize(5).contains(forwarded.get(0));
            Set<String> all = new HashSet<>(forwarded);
            unprocessed.stream().filter(pk -> !pk.equals(forwarded.get(0))).forEach(pk -> assertThat(all.add(pk)).isTrue());
            assertThat(all).hasSize(10);
            assertThat(faults.unprocessed()).isEqualTo(4);
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void everySecondDeleteIsThrottledWithoutReachingTheTable() {
        String table = newTable("proxy-throttle");
        DYNAMO.putAll(table, List.of(item("a", 1), item("b", 2), item("c", 3)));
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().throttleEvery("DeleteItem", 2);
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            try (DynamoDbClient noRetries = sdkClient(proxy.endpoint(), 1)) {
                noRetries.deleteItem(r -> r.tableName(table).key(key("a")));
                assertThat(existsUpstream(table, "a")).isFalse();

                assertThatThrownBy(() -> noRetries.deleteItem(r -> r.tableName(table).key(key("b"))))
                        .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> {
                            assertThat(e.isThrottlingException()).isTrue();
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("injected throttle");
                            assertThat(RetryPolicy.isRetryable(e)).isTrue();
                        });
                assertThat(existsUpstream(table, "b")).as("a throttled delete is not forwarded").isTrue();
                assertThat(faults.throttles()).isEqualTo(1);
                assertThat(faults.calls("DynamoDB_20120810.DeleteItem")).isEqualTo(2);
            }
            // with the SDK's retries the 4th call (the next throttle) is retried as the 5th and succeeds
            try (DynamoDbClient retrying = sdkClient(proxy.endpoint(), 3)) {
                retrying.deleteItem(r -> r.tableName(table).key(key("b")));
                retrying.deleteItem(r -> r.tableName(table).key(key("c")));
            }
            assertThat(existsUpstream(table, "b")).isFalse();
            assertThat(existsUpstream(table, "c")).isFalse();
            assertThat(faults.throttles()).isEqualTo(2);
            assertThat(faults.calls("DeleteItem")).isEqualTo(5);
            assertThat(faults.calls()).containsOnlyKeys("DeleteItem");
        }
    }

    @Test
    void anInjected500IsAServerErrorTheSdkRetries() {
        String table = newTable("proxy-5xx");
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none().serverErrorEvery("PutItem", 2);
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            try (DynamoDbClient noRetries = sdkClient(proxy.endpoint(), 1)) {
                noRetries.putItem(r -> r.tableName(table).item(item("a", 1)));
                assertThatThrownBy(() -> noRetries.putItem(r -> r.tableName(table).item(item("b", 2))))
                        .isInstanceOfSatisfying(InternalServerErrorException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(500);
                            assertThat(e.isThrottlingException()).isFalse();
                            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("injected 5xx");
                            assertThat(RetryPolicy.isRetryable(e)).isTrue();
                        });
                assertThat(existsUpstream(table, "b")).as("a failed put is not forwarded").isFalse();
            }
            // calls 3 (ok) and 4 (500): the standard retry strategy retries the 500 as call 5
            try (DynamoDbClient retrying = sdkClient(proxy.endpoint(), 2)) {
                retrying.putItem(r -> r.tableName(table).item(item("b", 2)));
                retrying.putItem(r -> r.tableName(table).item(item("c", 3)));
            }
            assertThat(faults.serverErrors()).isEqualTo(2);
            assertThat(faults.calls("PutItem")).isEqualTo(5);
            assertThat(DYNAMO.countByScan(table)).isEqualTo(3);
            assertThat(faults.throttles()).isZero();
        }
    }

    @Test
    void withoutFaultsEveryValueTypeRoundTripsUnchanged() throws Exception {
        String table = newTable("proxy-plain");
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS("ü-key"));
        item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff, (byte) 0x80, 10, 13})));
        item.put("nums", AttributeValue.fromNs(List.of("1", "2.5", "-30000000000", "12.345678901234567890123456789012345678")));
        item.put("bins", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromByteArray(new byte[] {0, 0, 7}))));
        item.put("strs", AttributeValue.fromSs(List.of("a", "b\"c", "δ")));
        item.put("map", AttributeValue.fromM(Map.of("list", AttributeValue.fromL(List.of(
                AttributeValue.fromBool(true), AttributeValue.fromNul(true), AttributeValue.fromN("-0.5"))))));
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none();
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults);
                DynamoDbClient client = sdkClient(proxy.endpoint(), 1)) {
            client.putItem(r -> r.tableName(table).item(item));
            Map<String, AttributeValue> viaProxy = client.getItem(r -> r.tableName(table).key(key("ü-key")).consistentRead(true)).item();
            Map<String, AttributeValue> direct = DYNAMO.client().getItem(r -> r.tableName(table).key(key("ü-key")).consistentRead(true)).item();
            for (Map<String, AttributeValue> read : List.of(viaProxy, direct)) {
                assertThat(read).containsOnlyKeys(item.keySet());
                assertThat(read.get("pk")).isEqualTo(item.get("pk"));
                assertThat(read.get("bin")).isEqualTo(item.get("bin"));
                assertThat(read.get("map")).isEqualTo(item.get("map"));
                // sets have no order
                assertThat(read.get("nums").ns()).containsExactlyInAnyOrderElementsOf(item.get("nums").ns());
                assertThat(read.get("bins").bs()).containsExactlyInAnyOrderElementsOf(item.get("bins").bs());
                assertThat(read.get("strs").ss()).containsExactlyInAnyOrderElementsOf(item.get("strs").ss());
            }

            // byte for byte: the same raw request gets the same status, body and checksum either way
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String getItem = "{\"TableName\":\"" + table + "\",\"Key\":{\"pk\":{\"S\":\"ü-key\"}},\"ConsistentRead\":true}";
            HttpResponse<byte[]> throughProxy = http.send(rawRequest(proxy.endpoint(), getItem), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> fromUpstream = http.send(rawRequest(DYNAMO.endpoint(), getItem), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fromUpstream.statusCode()).isEqualTo(200);
            assertThat(throughProxy.statusCode()).isEqualTo(200);
            assertThat(throughProxy.body()).isEqualTo(fromUpstream.body());
            assertThat(fromUpstream.headers().firstValue("x-amz-crc32")).isPresent();
            assertThat(throughProxy.headers().firstValue("x-amz-crc32")).isEqualTo(fromUpstream.headers().firstValue("x-amz-crc32"));
            assertThat(throughProxy.headers().firstValue("content-type")).isEqualTo(fromUpstream.headers().firstValue("content-type"));
            assertThat(throughProxy.headers().firstValue("content-length")).hasValue(Integer.toString(fromUpstream.body().length));
        }
        assertThat(faults.calls()).containsExactlyInAnyOrderEntriesOf(Map.of("PutItem", 1L, "GetItem", 2L));
        assertThat(faults.throttles() + faults.serverErrors() + faults.unprocessed() + faults.proxyFailures()).isZero();
    }

    private static HttpRequest rawRequest(String endpoint, String body) {
        return HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.GetItem")
                .header("X-Amz-Date", "20250101T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The tool's own client and its BatchWriter retry loop, through throttles and unprocessed items. */
    @Test
    void theToolsBatchWriterLosesNothingThroughThrottlesAndUnprocessedItems() throws InterruptedException {
        String table = newTable("proxy-writer");
        FaultyDynamoProxy.Faults faults = FaultyDynamoProxy.Faults.none()
                .unprocessedFraction(0.3)
                .throttleEvery("BatchWriteItem", 5);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        BatchWriter.Stats stats;
        try (FaultyDynamoProxy proxy = FaultyDynamoProxy.start(DYNAMO.endpoint(), faults)) {
            DynamoDbClient client = DynamoClients.get(ClientSettings.endpoint(proxy.endpoint(), "us-east-1", null));
            try (BatchWriter writer = BatchWriter.create(client, table, new KeySchema("pk", "S", null, null),
                    CapacityLimiter.system(100_000), (op, item, error) -> failures.add(op + " " + item + ": " + error), 4)) {
                for (int i = 0; i < 500; i++) {
                    writer.put(item("k" + i, i));
                }
                writer.flush();
                stats = writer.stats();
            }
        }
        assertThat(failures).as(faults.toString()).isEmpty();
        assertThat(stats.written()).as(faults.toString()).isEqualTo(500);
        assertThat(stats.failed()).isZero();
        assertThat(stats.retries()).as("unprocessed items were resent").isPositive();
        assertThat(faults.unprocessed()).isPositive();
        assertThat(faults.throttles()).isPositive();
        assertThat(faults.proxyFailures()).isZero();
        Set<String> keys = new HashSet<>();
        for (var page : DYNAMO.client().scanPaginator(r -> r.tableName(table).consistentRead(true))) {
            page.items().forEach(stored -> {
                assertThat(stored.get("n").n()).isEqualTo(stored.get("pk").s().substring(1));
                keys.add(stored.get("pk").s());
            });
        }
        assertThat(keys).hasSize(500);
    }
}
