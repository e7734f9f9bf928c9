package dev.bulk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link FaultyDynamoProxy} saw of the requests it received, for what a table cannot show
 * afterwards: whether the reads asked for strong consistency (DynamoDB Local accepts the flag and
 * answers the same either way), and in which order operations first arrived (a backup before the
 * first write).
 */
public final class SeenRequests {
    private static final Set<String> READS = Set.of("Scan", "Query", "GetItem");
    /** Operations whose (large) bodies name many tables, not one: their TableName is not recorded. */
    private static final Set<String> BATCHES = Set.of("BatchWriteItem", "BatchGetItem", "TransactWriteItems", "TransactGetItems");

    private final AtomicLong sequence = new AtomicLong();
    private final List<String> order = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> consistent = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> eventual = new ConcurrentHashMap<>();
    private final Map<String, List<String>> tables = new ConcurrentHashMap<>();

    void record(String op, byte[] body) throws IOException {
        long call = sequence.incrementAndGet();
        order.add(op);
        firstSeen.putIfAbsent(op, call);
        if (BATCHES.contains(op)) {
            return;
        }
        JsonNode request = DynamoRelay.MAPPER.readTree(body);
        String table = request.path("TableName").asText("");
        tables.computeIfAbsent(op, k -> Collections.synchronizedList(new ArrayList<>())).add(table);
        if (!READS.contains(op)) {
            return;
        }
        String key = op + " " + table;
        Map<String, AtomicLong> counter = request.path("ConsistentRead").asBoolean(false) ? consistent : eventual;
        counter.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** Calls of {@code op} (Scan, Query or GetItem) on {@code table} with ConsistentRead=true. */
    public long consistentReads(String op, String table) {
        AtomicLong count = consistent.get(op + " " + table);
        return count == null ? 0 : count.get();
    }

    /** Calls of {@code op} on {@code table} without ConsistentRead=true. */
    public long eventualReads(String op, String table) {
        AtomicLong count = eventual.get(op + " " + table);
        return count == null ? 0 : count.get();
    }

    /** The TableName of each call of {@code op} (not of batch operations), in order of arrival. */
    public List<String> tables(String op) {
        List<String> named = tables.get(FaultyDynamoProxy.Faults.opName(op));
        if (named == null) {
            return List.of();
        }
        synchronized (named) {
            return List.copyOf(named);
        }
    }

    /** Every operation received, in order of arrival (a test's proxy sees few). */
    public List<String> order() {
        synchronized (order) {
            return List.copyOf(order);
        }
    }

    /** The position (1, 2, …) among all calls at which {@code op} first arrived; 0 when it never did. */
    public long firstSeen(String op) {
        return firstSeen.getOrDefault(FaultyDynamoProxy.Faults.opName(op), 0L);
    }
}
