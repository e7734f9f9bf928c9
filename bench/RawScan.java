// Raw parallel-scan ceiling for diff: a plain Java thread pool scanning every segment of BOTH tables
// (full items, as diff reads them) with the SDK, no Spark, no comparison. Also plants differences.
// Run with the tool's jar on the classpath:
//   java -cp cli/target/bulk.jar bench/RawScan.java ENDPOINT scan TABLE1 TABLE2 SEGMENTS THREADS
//   java -cp cli/target/bulk.jar bench/RawScan.java ENDPOINT plant TABLE K
// scan prints one line: "raw-scan segments=S threads=T items=N seconds=S items_per_s=R".
// plant removes K items, changes K items and adds K new items in TABLE (items as RawCeiling writes
// them, keys pk#0000000..): 3K differences; prints "planted removed=K changed=K added=K".

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

public class RawScan {
    public static void main(String[] args) throws Exception {
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(URI.create(args[0]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(256))
                .build();
        try {
            if (args[1].equals("plant")) {
                plant(client, args[2], Integer.parseInt(args[3]));
            } else {
                scan(client, List.of(args[2], args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            }
        } catch (Exception e) {
            // The pool's threads are not daemons: without exit a failed call leaves the JVM running.
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void scan(DynamoDbClient client, List<String> tables, int segments, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>();
        // Segment i of both tables next to each other, as diff reads them.
        for (int s = 0; s < segments; s++) {
            for (String table : tables) {
                int segment = s;
                futures.add(pool.submit(() -> {
                    long count = 0;
                    Map<String, AttributeValue> startKey = null;
                    do {
                        Map<String, AttributeValue> from = startKey;
                        ScanResponse page = client.scan(r -> r.tableName(table).segment(segment).totalSegments(segments)
                                .exclusiveStartKey(from));
                        count += page.items().size();
                        startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                    } while (startKey != null);
                    return count;
                }));
            }
        }
        long total = 0;
        for (Future<Long> future : futures) {
            total += future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("raw-scan segments=%d threads=%d items=%d seconds=%.2f items_per_s=%.0f%n", segments, threads, total,
                seconds, total / seconds);
    }

    static Map<String, AttributeValue> key(long i) {
        return Map.of("pk", AttributeValue.fromS(String.format("pk#%07d", i)), "sk", AttributeValue.fromS("sk#01"));
    }

    static void plant(DynamoDbClient client, String table, int k) {
        for (int j = 0; j < k; j++) {
            // spread over the key space: items 7, 107, 207, ... removed; 57, 157, ... changed
            Map<String, AttributeValue> removed = key(7 + 100L * j);
            client.deleteItem(r -> r.tableName(table).key(removed));
            Map<String, AttributeValue> changed = new HashMap<>(key(57 + 100L * j));
            changed.put("n", AttributeValue.fromN("-1"));
            changed.put("s", AttributeValue.fromS("changed"));
            changed.put("payload", AttributeValue.fromS("y".repeat(165)));
            client.putItem(r -> r.tableName(table).item(changed));
            Map<String, AttributeValue> added = new HashMap<>(key(9_000_000L + j));
            added.put("s", AttributeValue.fromS("added"));
            client.putItem(r -> r.tableName(table).item(added));
        }
        System.out.printf("planted removed=%d changed=%d added=%d%n", k, k, k);
    }
}
