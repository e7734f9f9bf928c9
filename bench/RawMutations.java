// Raw SDK ceilings for the mutating verbs (delete, update, copy) on the same DynamoDB Local server, to
// compare bulk against: a parallel Scan feeding a plain Java pool of writer threads, no Spark. Each
// writer makes the same call bulk makes per item. Run with the tool's jar on the classpath:
//   java -cp cli/target/bulk.jar bench/RawMutations.java ENDPOINT delete TABLE WRITERS [SEGMENTS]
//       Scan of the key attributes only; per key DeleteItem, ConditionExpression attribute_exists(#pk)
//   java -cp cli/target/bulk.jar bench/RawMutations.java ENDPOINT update TABLE WRITERS [SEGMENTS]
//       Scan of full items; per item UpdateItem SET #t = :now, attribute_not_exists(#t) OR #t < :now
//       (#t = touched, :now = epoch seconds when the run starts)
//   java -cp cli/target/bulk.jar bench/RawMutations.java ENDPOINT copy SOURCE TARGET WRITERS [SEGMENTS]
//       Scan of full items; BatchWriteItem of 25 PutRequests into TARGET (unprocessed items resent)
//   java -cp cli/target/bulk.jar bench/RawMutations.java ENDPOINT counttouched TABLE [SEGMENTS]
//       Select=COUNT scans: items lacking `touched`, and all items
// Prints one line: "<what> writers=W segments=S items=N seconds=S items_per_s=R ..."
// (counttouched: "raw-counttouched lacking=L items=N").
// SEGMENTS defaults to 32; 4 scanner threads work through them and hand items to the writers through
// a bounded queue, so the scan never waits on a writer's page and memory stays bounded. Any failed
// call ends the program with exit 1 (no hang with half the pool gone).

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

public class RawMutations {
    private static final int SCANNERS = 4;
    /** Tells a writer the scan is over (compared by identity). */
    private static final Map<String, AttributeValue> END = new HashMap<>();

    public static void main(String[] args) throws Exception {
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(URI.create(args[0]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(256))
                .build();
        String mode = args[1];
        String table = args[2];
        if (mode.equals("counttouched")) {
            countTouched(client, table, args.length > 3 ? Integer.parseInt(args[3]) : 32);
            return;
        }
        int at = mode.equals("copy") ? 4 : 3; // copy names its target before WRITERS
        int writers = Integer.parseInt(args[at]);
        int segments = args.length > at + 1 ? Integer.parseInt(args[at + 1]) : 32;
        switch (mode) {
            case "delete" -> delete(client, table, writers, segments);
            case "update" -> update(client, table, writers, segments);
            case "copy" -> copy(client, table, args[3], writers, segments);
            default -> throw new IllegalArgumentException("mode: delete, update, copy or counttouched, not " + mode);
        }
    }

    static List<String> keyNames(DynamoDbClient client, String table) {
        return client.describeTable(r -> r.tableName(table)).table().keySchema().stream()
                .map(KeySchemaElement::attributeName).toList();
    }

    /** Per key: DeleteItem if it still exists (the call bulk delete makes). */
    static void delete(DynamoDbClient client, String table, int writers, int segments) throws Exception {
        List<String> keys = keyNames(client, table);
        Map<String, String> names = new HashMap<>();
        List<String> projected = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            names.put("#k" + k, keys.get(k));
            projected.add("#k" + k);
        }
        ScanRequest scan = ScanRequest.builder().tableName(table).projectionExpression(String.join(", ", projected))
                .expressionAttributeNames(names).build();
        AtomicLong failed = new AtomicLong();
        run("raw-delete", client, scan, writers, segments, queue -> {
            Map<String, AttributeValue> key;
            while ((key = queue.take()) != END) {
                Map<String, AttributeValue> k = key;
                try {
                    client.deleteItem(r -> r.tableName(table).key(k).conditionExpression("attribute_exists(#pk)")
                            .expressionAttributeNames(Map.of("#pk", keys.get(0))));
                } catch (ConditionalCheckFailedException e) {
                    failed.incrementAndGet();
                }
            }
        }, () -> "condition_failed=" + failed.get());
    }

    /** Per item: UpdateItem stamping `touched` with this run's epoch second (the call bulk update makes). */
    static void update(DynamoDbClient client, String table, int writers, int segments) throws Exception {
        List<String> keys = keyNames(client, table);
        AttributeValue now = AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000));
        ScanRequest scan = ScanRequest.builder().tableName(table).build();
        AtomicLong failed = new AtomicLong();
        run("raw-update", client, scan, writers, segments, queue -> {
            Map<String, AttributeValue> item;
            while ((item = queue.take()) != END) {
                Map<String, AttributeValue> key = new HashMap<>();
                for (String k : keys) {
                    key.put(k, item.get(k));
                }
                try {
                    client.updateItem(r -> r.tableName(table).key(key).updateExpression("SET #t = :now")
                            .conditionExpression("attribute_not_exists(#t) OR #t < :now")
                            .expressionAttributeNames(Map.of("#t", "touched"))
                            .expressionAttributeValues(Map.of(":now", now)));
                } catch (ConditionalCheckFailedException e) {
                    failed.incrementAndGet();
                }
            }
        }, () -> "condition_failed=" + failed.get());
    }

    /** Batches of 25 PutRequests into the target (what bulk copy writes). */
    static void copy(DynamoDbClient client, String source, String target, int writers, int segments) throws Exception {
        ScanRequest scan = ScanRequest.builder().tableName(source).build();
        AtomicLong batches = new AtomicLong();
        run("raw-copy", client, scan, writers, segments, queue -> {
            boolean more = true;
            while (more) {
                List<WriteRequest> chunk = new ArrayList<>(25);
                while (chunk.size() < 25) {
                    Map<String, AttributeValue> item = queue.take();
                    if (item == END) {
                        more = false;
                        break;
                    }
                    chunk.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                }
                Map<String, List<WriteRequest>> pending = chunk.isEmpty() ? Map.of() : Map.of(target, chunk);
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> send = pending;
                    pending = client.batchWriteItem(r -> r.requestItems(send)).unprocessedItems();
                }
                if (!chunk.isEmpty()) {
                    batches.incrementAndGet();
                }
            }
        }, () -> "batches=" + batches.get());
    }

    interface Writer {
        void drain(BlockingQueue<Map<String, AttributeValue>> queue) throws Exception;
    }

    interface Task {
        void run() throws Exception;
    }

    /** A pool task that ends the program on failure: the other threads would wait on the queue forever. */
    static Callable<Void> orExit(Task task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                t.printStackTrace();
                System.exit(1);
            }
            return null;
        };
    }

    /**
     * SCANNERS threads scan the segments (a shared counter hands them out) into a bounded queue; WRITERS
     * threads drain it. When every segment is read, one END per writer stops them. Timed from the first
     * Scan to the last write.
     */
    static void run(String what, DynamoDbClient client, ScanRequest scan, int writers, int segments, Writer writer,
            Supplier<String> extra) throws Exception {
        BlockingQueue<Map<String, AttributeValue>> queue = new ArrayBlockingQueue<>(Math.max(2_000, writers * 100));
        AtomicInteger nextSegment = new AtomicInteger();
        AtomicLong scanned = new AtomicLong();
        ExecutorService scanners = Executors.newFixedThreadPool(SCANNERS);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long start = System.nanoTime();
        List<Future<?>> scans = new ArrayList<>();
        for (int s = 0; s < SCANNERS; s++) {
            scans.add(scanners.submit(orExit(() -> {
                int segment;
                while ((segment = nextSegment.getAndIncrement()) < segments) {
                    scanSegment(client, scan, segment, segments, item -> {
                        scanned.incrementAndGet();
                        try {
                            queue.put(item);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            })));
        }
        List<Future<?>> writes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            writes.add(pool.submit(orExit(() -> writer.drain(queue))));
        }
        for (Future<?> f : scans) {
            f.get();
        }
        for (int w = 0; w < writers; w++) {
            queue.put(END);
        }
        for (Future<?> f : writes) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        scanners.shutdown();
        pool.shutdown();
        long items = scanned.get();
        System.out.printf("%s writers=%d segments=%d items=%d seconds=%.2f %s items_per_s=%.0f%n", what, writers, segments,
                items, seconds, extra.get(), items / seconds);
    }

    static void scanSegment(DynamoDbClient client, ScanRequest scan, int segment, int segments,
            Consumer<Map<String, AttributeValue>> sink) {
        Map<String, AttributeValue> startKey = null;
        do {
            ScanResponse page = client.scan(scan.toBuilder().segment(segment).totalSegments(segments)
                    .exclusiveStartKey(startKey).build());
            page.items().forEach(sink);
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
    }

    /** Items lacking `touched` (a filtered Select=COUNT) and all items, each a parallel scan. */
    static void countTouched(DynamoDbClient client, String table, int segments) throws Exception {
        ScanRequest lacking = ScanRequest.builder().tableName(table).select(Select.COUNT)
                .filterExpression("attribute_not_exists(#t)").expressionAttributeNames(Map.of("#t", "touched")).build();
        ScanRequest all = ScanRequest.builder().tableName(table).select(Select.COUNT).build();
        System.out.printf("raw-counttouched lacking=%d items=%d%n", count(client, lacking, segments), count(client, all, segments));
    }

    static long count(DynamoDbClient client, ScanRequest scan, int segments) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(segments, 16));
        List<Future<Long>> futures = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            int segment = s;
            futures.add(pool.submit(() -> {
                long count = 0;
                Map<String, AttributeValue> startKey = null;
                do {
                    ScanResponse page = client.scan(scan.toBuilder().segment(segment).totalSegments(segments)
                            .exclusiveStartKey(startKey).build());
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
        pool.shutdown();
        return total;
    }
}
