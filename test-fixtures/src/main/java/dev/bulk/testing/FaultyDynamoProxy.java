package dev.bulk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy on 127.0.0.1 between the tool and a DynamoDB Local that injects the faults
 * DynamoDB Local never produces: throttles, 5xx errors and UnprocessedItems of BatchWriteItem.
 * Everything else is forwarded unchanged, so a test can run the real SDK and the real verbs with
 * {@code --endpoint} = {@link #endpoint()} and still check the exact table state against the
 * upstream DynamoDB Local directly.
 *
 * <p>Injected errors are answered without forwarding (nothing is written upstream); held-back
 * BatchWriteItem requests are not forwarded either, only reported back as unprocessed.
 *
 * <p>Two network faults: a <em>lost reply</em> is forwarded (DynamoDB Local applies it) and then
 * the client's connection is closed without an answer, as when a connection breaks after the
 * request arrived; an <em>endpoint down</em> closes every connection without forwarding or
 * answering anything, as a stopped server or a network outage looks to the client.
 */
public final class FaultyDynamoProxy implements AutoCloseable {
    private static final ObjectMapper MAPPER = DynamoRelay.MAPPER;

    private final DynamoRelay relay;
    private final Faults faults;
    private final SeenRequests seen = new SeenRequests();
    private final RelayServer server;

    private FaultyDynamoProxy(String upstream, Faults faults) throws IOException {
        this.faults = faults;
        this.server = new RelayServer("faulty-dynamo-proxy", upstream, 0, this::handle);
        this.relay = server.relay();
    }

    /** Starts a proxy to {@code upstreamEndpoint} (e.g. {@code http://127.0.0.1:8000}) on a free port. */
    public static FaultyDynamoProxy start(String upstreamEndpoint, Faults faults) {
        try {
            return new FaultyDynamoProxy(upstreamEndpoint, faults);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the proxy", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, for {@code --endpoint} or an SDK endpoint override. */
    public String endpoint() {
        return server.endpoint();
    }

    public Faults faults() {
        return faults;
    }

    /** What the proxy saw of the requests (consistent reads, the order operations arrived in). */
    public SeenRequests seen() {
        return seen;
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String op = Faults.opName(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            long call = faults.countCall(op);
            seen.record(op, body);
            faults.maybeGoDown(op, call);
            if (faults.downNow()) {
                // No answer at all: closing an exchange before its response headers drops the connection.
                faults.refusedWhileDown.incrementAndGet();
                return;
            }
            String canned = faults.cannedAnswers.get(op);
            if (canned != null) {
                byte[] answer = canned.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", DynamoRelay.JSON);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            } else if (faults.throttleNow(op, call)) {
                respondError(exchange, 400, "ProvisionedThroughputExceededException", "injected throttle");
            } else if (faults.serverErrorNow(op, call)) {
                respondError(exchange, 500, "InternalServerError", "injected 5xx");
            } else if ("BatchWriteItem".equals(op) && faults.unprocessedFraction() > 0) {
                batchWriteWithHeldBack(exchange, body);
            } else {
                HttpResponse<byte[]> response = forward(exchange, body, false);
                if (faults.dropReplyNow(op, call)) {
                    // Applied upstream; the client never hears so (the finally closes the connection unanswered).
                    return;
                }
                relay(exchange, response.statusCode(), response.headers().map(), response.body(), false);
            }
        } catch (Exception e) {
            // A fault of the proxy itself, not an injected one: counted so a test can insist on none.
            faults.proxyFailures.incrementAndGet();
            System.err.println("FaultyDynamoProxy: " + e);
            try {
                respondError(exchange, 502, "ProxyFailure", String.valueOf(e));
            } catch (IOException | RuntimeException ignored) {
                // the client is gone; nothing to tell it
            }
        } finally {
            exchange.close();
        }
    }

    /**
     * Forwards a BatchWriteItem minus a random part of each table's requests, then reports that
     * part back in UnprocessedItems next to whatever upstream left unprocessed itself.
     */
    private void batchWriteWithHeldBack(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        ObjectNode request = (ObjectNode) MAPPER.readTree(body);
        JsonNode requestItems = request.get("RequestItems");
        Map<String, List<JsonNode>> heldBack = new LinkedHashMap<>();
        int heldCount = 0;
        if (requestItems instanceof ObjectNode tables) {
            for (Map.Entry<String, JsonNode> table : iterable(tables)) {
                if (!(table.getValue() instanceof ArrayNode writes)) {
                    continue;
                }
                Set<Integer> hold = faults.chooseHeldBack(writes.size());
                if (hold.isEmpty()) {
                    continue;
                }
                ArrayNode kept = MAPPER.createArrayNode();
                List<JsonNode> held = new ArrayList<>();
                for (int i = 0; i < writes.size(); i++) {
                    if (hold.contains(i)) {
                        held.add(writes.get(i));
                    } else {
                        kept.add(writes.get(i));
                    }
                }
                tables.set(table.getKey(), kept);
                heldBack.put(table.getKey(), held);
                heldCount += held.size();
            }
        }
        if (heldBack.isEmpty()) {
            HttpResponse<byte[]> response = forward(exchange, body, false);
            relay(exchange, response.statusCode(), response.headers().map(), response.body(), false);
            return;
        }
        HttpResponse<byte[]> response = forward(exchange, MAPPER.writeValueAsBytes(request), true);
        if (response.statusCode() != 200) {
            // The whole call failed upstream: nothing was written, the client resends everything.
            relay(exchange, response.statusCode(), response.headers().map(), response.body(), false);
            return;
        }
        ObjectNode result = DynamoRelay.json(response);
        JsonNode existing = result.get("UnprocessedItems");
        ObjectNode unprocessed = existing instanceof ObjectNode object ? object : MAPPER.createObjectNode();
        for (Map.Entry<String, List<JsonNode>> table : heldBack.entrySet()) {
            JsonNode listed = unprocessed.get(table.getKey());
            ArrayNode merged = listed instanceof ArrayNode array ? array : MAPPER.createArrayNode();
            table.getValue().forEach(merged::add);
            unprocessed.set(table.getKey(), merged);
        }
        result.set("UnprocessedItems", unprocessed);
        faults.unprocessedInjected.addAndGet(heldCount);
        relay(exchange, 200, response.headers().map(), MAPPER.writeValueAsBytes(result), true);
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body, boolean plainResponse)
            throws IOException, InterruptedException {
        return relay.forward(exchange, body, plainResponse);
    }

    private static void relay(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body,
            boolean rewritten) throws IOException {
        DynamoRelay.relay(exchange, status, headers, body, rewritten);
    }

    private static void respondError(HttpExchange exchange, int status, String code, String message) throws IOException {
        DynamoRelay.respond(exchange, status, DynamoRelay.error(code, message));
    }

    static String crc32(byte[] body) {
        return DynamoRelay.crc32(body);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        node.fields().forEachRemaining(fields::add);
        return fields;
    }

    /**
     * Which faults to inject, changeable while the proxy runs, and how many were injected. Operation
     * names are those of the X-Amz-Target header, with or without {@code DynamoDB_20120810.}.
     * On a call that is both a throttle's and a 5xx's n-th, the throttle wins.
     */
    public static final class Faults {
        private final Map<String, Integer> throttleEvery = new ConcurrentHashMap<>();
        private final Map<String, Integer> serverErrorEvery = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
        private final Map<String, String> cannedAnswers = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> repliesToDrop = new ConcurrentHashMap<>();
        private final Map<String, Long> dropFromCall = new ConcurrentHashMap<>();
        private final Map<String, Long> downAfter = new ConcurrentHashMap<>();
        private final AtomicLong repliesDropped = new AtomicLong();
        private final AtomicLong refusedWhileDown = new AtomicLong();
        private volatile boolean down;
        private final AtomicLong throttles = new AtomicLong();
        private final AtomicLong serverErrors = new AtomicLong();
        private final AtomicLong unprocessedInjected = new AtomicLong();
        private final AtomicLong proxyFailures = new AtomicLong();
        private volatile double unprocessedFraction;
        private Random random = new Random();

        public static Faults none() {
            return new Faults();
        }

        /**
         * Every call of {@code op} gets HTTP 200 with this JSON body, not forwarded: for APIs
         * DynamoDB Local lacks, such as DescribeContinuousBackups.
         */
        public Faults answer(String op, String json) {
            cannedAnswers.put(opName(op), json);
            return this;
        }

        /** Every n-th call of {@code op} gets HTTP 400 ProvisionedThroughputExceededException (0 = never). */
        public Faults throttleEvery(String op, int n) {
            set(throttleEvery, op, n);
            return this;
        }

        /** Every n-th call of {@code op} gets HTTP 500 InternalServerError (0 = never). */
        public Faults serverErrorEvery(String op, int n) {
            set(serverErrorEvery, op, n);
            return this;
        }

        /**
         * Of each forwarded BatchWriteItem, per table, {@code round(f × requests)} random requests
         * (at least 1, at most all but 1, so every call still makes progress as in DynamoDB) are not
         * written but returned as UnprocessedItems. A table with a single request is left alone.
         */
        public Faults unprocessedFraction(double f) {
            if (f < 0 || f > 1) {
                throw new IllegalArgumentException("fraction must be within [0, 1]: " + f);
            }
            unprocessedFraction = f;
            return this;
        }

        /**
         * Lost replies: the next {@code n} calls of {@code op} are forwarded (and so applied by
         * DynamoDB Local), then their connection is closed without an answer.
         */
        public Faults dropReplies(String op, long n) {
            return dropReplies(op, 1, n);
        }

        /** Lost replies for {@code n} calls of {@code op}, from its {@code fromCall}-th call on (1-based). */
        public Faults dropReplies(String op, long fromCall, long n) {
            dropFromCall.put(opName(op), fromCall);
            repliesToDrop.put(opName(op), new AtomicLong(n));
            return this;
        }

        /** Endpoint down from now on: every connection is closed unanswered, nothing is forwarded. */
        public Faults endpointDown() {
            down = true;
            return this;
        }

        /** Endpoint back: requests are forwarded again. */
        public Faults endpointUp() {
            down = false;
            return this;
        }

        /** Endpoint down once the {@code n}-th call of {@code op} arrived (that call and every later one is not answered). */
        public Faults endpointDownAfter(String op, long n) {
            downAfter.put(opName(op), n);
            return this;
        }

        public boolean isDown() {
            return down;
        }

        /** Requests forwarded whose reply was dropped. */
        public long repliesDropped() {
            return repliesDropped.get();
        }

        /** Requests closed unanswered while the endpoint was down. */
        public long refusedWhileDown() {
            return refusedWhileDown.get();
        }

        /** Makes the choice of held-back requests repeatable. */
        public Faults seed(long seed) {
            synchronized (this) {
                random = new Random(seed);
            }
            return this;
        }

        public double unprocessedFraction() {
            return unprocessedFraction;
        }

        /** Calls answered with an injected throttle. */
        public long throttles() {
            return throttles.get();
        }

        /** Calls answered with an injected 500. */
        public long serverErrors() {
            return serverErrors.get();
        }

        /** Write requests held back and returned as UnprocessedItems. */
        public long unprocessed() {
            return unprocessedInjected.get();
        }

        /** Requests the proxy itself could not handle (e.g. upstream unreachable); answered with 502. */
        public long proxyFailures() {
            return proxyFailures.get();
        }

        /** Calls of {@code op} the proxy received, faulted or not. */
        public long calls(String op) {
            AtomicLong count = calls.get(opName(op));
            return count == null ? 0 : count.get();
        }

        /** Calls received per operation name (without prefix), sorted by name. */
        public Map<String, Long> calls() {
            Map<String, Long> snapshot = new TreeMap<>();
            calls.forEach((op, count) -> snapshot.put(op, count.get()));
            return Collections.unmodifiableMap(snapshot);
        }

        @Override
        public String toString() {
            return "Faults{calls=" + calls() + ", throttles=" + throttles() + ", serverErrors=" + serverErrors()
                    + ", unprocessed=" + unprocessed() + ", repliesDropped=" + repliesDropped() + ", refusedWhileDown="
                    + refusedWhileDown() + ", proxyFailures=" + proxyFailures() + "}";
        }

        static String opName(String target) {
            return DynamoRelay.opName(target);
        }

        private static void set(Map<String, Integer> map, String op, int n) {
            if (n < 0) {
                throw new IllegalArgumentException("n must be at least 0: " + n);
            }
            if (n == 0) {
                map.remove(opName(op));
            } else {
                map.put(opName(op), n);
            }
        }

        long countCall(String op) {
            return calls.computeIfAbsent(op, key -> new AtomicLong()).incrementAndGet();
        }

        boolean downNow() {
            return down;
        }

        void maybeGoDown(String op, long call) {
            Long n = downAfter.get(op);
            // Once only: an endpoint brought back up stays up.
            if (n != null && call >= n && downAfter.remove(op, n)) {
                down = true;
            }
        }

        boolean dropReplyNow(String op, long call) {
            AtomicLong left = repliesToDrop.get(op);
            if (left == null || call < dropFromCall.getOrDefault(op, 1L) || left.getAndUpdate(value -> Math.max(0, value - 1)) <= 0) {
                return false;
            }
            repliesDropped.incrementAndGet();
            return true;
        }

        boolean throttleNow(String op, long call) {
            Integer n = throttleEvery.get(op);
            if (n != null && call % n == 0) {
                throttles.incrementAndGet();
                return true;
            }
            return false;
        }

        boolean serverErrorNow(String op, long call) {
            Integer n = serverErrorEvery.get(op);
            if (n != null && call % n == 0) {
                serverErrors.incrementAndGet();
                return true;
            }
            return false;
        }

        /** Indexes of the requests of one table to hold back. */
        synchronized Set<Integer> chooseHeldBack(int size) {
            double f = unprocessedFraction;
            if (f <= 0 || size < 2) {
                return Set.of();
            }
            int count = (int) Math.max(1, Math.min(size - 1, Math.round(f * size)));
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                indexes.add(i);
            }
            Collections.shuffle(indexes, random);
            return Set.copyOf(indexes.subList(0, count));
        }
    }
}
