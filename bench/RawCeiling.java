// Raw SDK ceilings on the same DynamoDB Local server, to compare bulk against: a plain Java thread
// pool doing the same calls with no Spark. Run with the tool's jar on the classpath:
//   java -cp cli/target/bulk.jar bench/RawCeiling.java ENDPOINT write TABLE ITEMS WRITERS
//   java -cp cli/target/bulk.jar bench/RawCeiling.java ENDPOINT count TABLE SEGMENTS
//   java -cp cli/target/bulk.jar bench/RawCeiling.java ENDPOINT drop TABLE
// Prints one line: "<what> items=N seconds=S items_per_s=R".

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

public class RawCeiling {
    public static void main(String[] args) throws Exception {
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(URI.create(args[0]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(256))
                .build();
        String table = args[2];
        if (args[1].equals("drop")) {
            client.deleteTable(r -> r.tableName(table));
            return;
        }
        try {
            if (args[1].equals("write")) {
                write(client, table, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            } else {
                count(client, table, Integer.parseInt(args[3]));
            }
        } catch (Exception e) {
            // The pool's other threads are not daemons: without exit a failed call leaves the JVM running.
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** An item of about 200 bytes, like the benchmark generator's. */
    static Map<String, AttributeValue> item(long i) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(String.format("pk#%07d", i)));
        item.put("sk", AttributeValue.fromS("sk#01"));
        item.put("n", AttributeValue.fromN(Long.toString(i)));
        item.put("s", AttributeValue.fromS("short"));
        item.put("payload", AttributeValue.fromS("x".repeat(165)));
        return item;
    }

    static void write(DynamoDbClient client, String table, int items, int writers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            futures.add(pool.submit(() -> {
                while (true) {
                    long first = next.getAndAdd(25);
                    if (first >= items) {
                        return null;
                    }
                    List<WriteRequest> chunk = new ArrayList<>();
                    for (long i = first; i < Math.min(first + 25, items); i++) {
                        chunk.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(i)).build()).build());
                    }
                    Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
                    while (!pending.isEmpty()) {
                        // Only what DynamoDB left unprocessed goes again, as any client does.
                        Map<String, List<WriteRequest>> sending = pending;
                        pending = client.batchWriteItem(r -> r.requestItems(sending)).unprocessedItems();
                    }
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("raw-write writers=%d items=%d seconds=%.2f items_per_s=%.0f%n", writers, items, seconds, items / seconds);
    }

    static void count(DynamoDbClient client, String table, int segments) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(segments, 64));
        long start = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            int segment = s;
            futures.add(pool.submit(() -> {
                long count = 0;
                Map<String, AttributeValue> startKey = null;
                do {
                    Map<String, AttributeValue> from = startKey;
                    ScanResponse page = client.scan(r -> r.tableName(table).select(Select.COUNT).segment(segment)
                            .totalSegments(segments).exclusiveStartKey(from));
                    count += page.count();
                    startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                } while (startKey != null);
                return count;
            }));
        }
        long total = 0;
        for (Future<Long> future : futures) {
            total += future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("raw-count segments=%d items=%d seconds=%.2f items_per_s=%.0f%n", segments, total, seconds, total / seconds);
    }
}
