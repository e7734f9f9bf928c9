package dev.bulk.testing;

import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.local.DynamoDbLocalServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One real DynamoDB Local server (in memory, own JVM, free port on 127.0.0.1) for the whole test
 * JVM, started through the tool's own server class and stopped when the JVM exits.
 */
public final class LocalDynamo {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static LocalDynamo instance;

    private final DynamoDbLocalServer server;
    private final DynamoDbLocalServer.Status status;

    private LocalDynamo(Path stateDir) {
        server = new DynamoDbLocalServer(stateDir);
        status = server.ensureRunning(true, null, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            deleteTree(stateDir); // no files left behind
        }));
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }

    public static synchronized LocalDynamo get() {
        if (instance == null) {
            try {
                instance = new LocalDynamo(Files.createTempDirectory("bulk-test-ddblocal"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String endpoint() {
        return status.endpoint();
    }

    public ClientSettings settings() {
        return ClientSettings.local(endpoint());
    }

    public DynamoDbClient client() {
        return DynamoClients.get(settings());
    }

    /** A table name no other test uses. */
    public static String uniqueTable(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
    }

    /** Writes items directly with the SDK (independent of the tool's writer). */
    public void putAll(String table, List<Map<String, AttributeValue>> items) {
        List<WriteRequest> chunk = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            chunk.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (chunk.size() == 25) {
                write(table, chunk);
                chunk = new ArrayList<>();
            }
        }
        if (!chunk.isEmpty()) {
            write(table, chunk);
        }
    }

    private void write(String table, List<WriteRequest> chunk) {
        Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
        while (!pending.isEmpty()) {
            pending = client().batchWriteItem(r -> r.requestItems(Map.of(table, chunk))).unprocessedItems();
        }
    }

    /** Exact item count by a plain single-threaded scan (the test's own truth, not the tool's). */
    public long countByScan(String table) {
        long count = 0;
        for (var page : client().scanPaginator(r -> r.tableName(table).select("COUNT"))) {
            count += page.count();
        }
        return count;
    }
}
