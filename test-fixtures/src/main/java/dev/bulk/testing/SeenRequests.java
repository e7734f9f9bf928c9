package dev.bulk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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

    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> consistent = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> eventual = new ConcurrentHashMap<>();

    void record(String op, byte[] body) throws IOException {
        long call = sequence.incrementAndGet();
        firstSeen.putIfAbsent(op, call);
        if (!READS.contains(op)) {
            return;
        }
        JsonNode request = DynamoRelay.MAPPER.readTree(body);
        String key = op + " " + request.path("TableName").asText("");
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

    /** The position (1, 2, …) among all calls at which {@code op} first arrived; 0 when it never did. */
    public long firstSeen(String op) {
        return firstSeen.getOrDefault(FaultyDynamoProxy.Faults.opName(op), 0L);
    }
}
