package dev.bulk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A <b>test double</b> for what DynamoDB Local lacks: capacity. An HTTP proxy on 127.0.0.1 in front
 * of a DynamoDB Local that enforces what DynamoDB enforces and DynamoDB Local ignores: provisioned
 * read and write capacity with burst credit, per-partition limits (a hot key throttles before the
 * table does), on-demand's initial throughput that doubles with each new peak, the write capacity
 * of global secondary indexes (a throttled index throttles the table's writes), and the errors
 * DynamoDB answers with (ProvisionedThroughputExceededException or ThrottlingException with
 * ThrottlingReasons; UnprocessedItems / UnprocessedKeys for partly served batches). DescribeTable
 * reports the capacity it enforces; UpdateTable (or {@link #setCapacity}) changes it at run time.
 * It also answers Application Auto Scaling's describe calls with the targets a test registered
 * ({@link #autoScaling()}).
 *
 * <p>Metering: every metered request is forwarded with {@code ReturnConsumedCapacity: INDEXES}, so
 * DynamoDB Local computes the units as DynamoDB does (old and new item of an update, items a filter
 * dropped, index writes, transactions), and the client gets back only what it asked for. A request
 * is admitted before it is forwarded on an estimate from its item sizes (a refused one writes
 * nothing) and then charged what DynamoDB Local reported; a large read can leave a debt.
 *
 * <p>Time comes from an injected nanosecond clock ({@link ManualClock} in tests). Statistics are
 * kept per table and per client (the access key id a request is signed with). As a process,
 * {@link #main} prints its endpoint; {@code GET /_fake/stats} answers the statistics as JSON and
 * {@code GET /_fake/capacity?table=T&spec=S} changes a table's capacity ({@link TableCapacity#parse}).
 */
public final class ThrottlingDynamoFake implements AutoCloseable {
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/");

    private final DynamoRelay relay;
    private final LongSupplier nanos;
    private final RelayServer server;
    private final MeteredRequests metered;
    private final Map<String, TableCapacity> configured = new ConcurrentHashMap<>();
    private final Map<String, TableThrottle> tables = new ConcurrentHashMap<>();
    private final Map<String, ClientStats> clients = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final ScalableTargets scaling = new ScalableTargets();

    private ThrottlingDynamoFake(String upstream, int port, LongSupplier nanos) throws IOException {
        this.nanos = nanos;
        // No request arrives before this constructor returns: the endpoint is handed out only after it.
        this.server = new RelayServer("throttling-dynamo-fake", upstream, port, this::handle);
        this.relay = server.relay();
        this.metered = new MeteredRequests(relay, this::throttleFor);
    }

    /** Starts in front of {@code upstreamEndpoint} on a free port, on the system's clock. */
    public static ThrottlingDynamoFake start(String upstreamEndpoint) {
        return start(upstreamEndpoint, 0, System::nanoTime);
    }

    /** Starts on {@code port} (0 = a free one) with {@code nanos} as its clock. */
    public static ThrottlingDynamoFake start(String upstreamEndpoint, int port, LongSupplier nanos) {
        try {
            return new ThrottlingDynamoFake(upstreamEndpoint, port, nanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the throttling fake", e);
        }
    }

    /** The auto scaling this endpoint describes (Application Auto Scaling's describe calls). */
    public ScalableTargets autoScaling() {
        return scaling;
    }

    /** {@code http://127.0.0.1:PORT}, for {@code --endpoint} or an SDK endpoint override. */
    public String endpoint() {
        return server.endpoint();
    }

    /**
     * Enforces {@code capacity} on {@code table} from now on, at once if it is in use (credit beyond
     * a lowered ceiling is lost, as when DynamoDB's capacity drops). Unconfigured tables get what
     * DynamoDB Local says: their provisioned throughput, or on-demand.
     */
    public ThrottlingDynamoFake setCapacity(String table, TableCapacity capacity) {
        configured.put(table, capacity);
        TableThrottle throttle = tables.get(table);
        if (throttle != null) {
            throttle.configure(capacity);
        }
        return this;
    }

    /** The capacity enforced on {@code table} (null if it is neither configured nor in use). */
    public TableCapacity capacity(String table) {
        TableThrottle throttle = tables.get(table);
        return throttle != null ? throttle.capacity() : configured.get(table);
    }

    /** Read units {@code table} served (charged as DynamoDB Local reported them). */
    public double consumedReadUnits(String table) {
        TableThrottle throttle = tables.get(table);
        return throttle == null ? 0 : throttle.consumedRead();
    }

    public double consumedWriteUnits(String table) {
        TableThrottle throttle = tables.get(table);
        return throttle == null ? 0 : throttle.consumedWrite();
    }

    /** Requests (or batch entries) of {@code table} refused for capacity. */
    public long throttled(String table) {
        TableThrottle throttle = tables.get(table);
        return throttle == null ? 0 : throttle.throttled();
    }

    /** The table's current write ceiling in units per second (on-demand: after doubling on new peaks). */
    public double writeLimit(String table) {
        TableThrottle throttle = tables.get(table);
        return throttle == null ? 0 : throttle.limit(true);
    }

    public double readLimit(String table) {
        TableThrottle throttle = tables.get(table);
        return throttle == null ? 0 : throttle.limit(false);
    }

    /** Which of {@code table}'s partitions serves the partition key value {@code keyJson} (wire JSON, e.g. {"S":"a"}). */
    int partitionOf(String table, String keyJson) {
        return throttleFor(table).partitionOf(keyJson);
    }

    /** Statistics per client, by access key id, sorted. */
    public Map<String, ClientStats.Snapshot> clients() {
        Map<String, ClientStats.Snapshot> snapshot = new TreeMap<>();
        clients.forEach((client, stats) -> snapshot.put(client, stats.snapshot()));
        return snapshot;
    }

    /** Requests the fake itself failed on (answered 502): a test can insist on none. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) {
        try {
            if ("GET".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().startsWith("/_fake/")) {
                admin(exchange);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            String op = DynamoRelay.opName(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            JsonNode parsed = body.length == 0 ? null : DynamoRelay.MAPPER.readTree(body);
            if (op.startsWith(ScalableTargets.PREFIX)) {
                scaling.answer(exchange, op, parsed == null ? DynamoRelay.MAPPER.createObjectNode() : parsed);
                return;
            }
            if (!(parsed instanceof ObjectNode request)) {
                passThrough(exchange, body);
                return;
            }
            ClientStats client = clients.computeIfAbsent(clientOf(exchange), key -> new ClientStats());
            long now = nanos.getAsLong();
            switch (op) {
                case "PutItem", "UpdateItem", "DeleteItem", "GetItem", "Query", "Scan" ->
                        metered.single(exchange, request, op, client, now);
                case "BatchWriteItem" -> metered.batch(exchange, request, true, client, now);
                case "BatchGetItem" -> metered.batch(exchange, request, false, client, now);
                case "TransactWriteItems", "ExecuteTransaction", "BatchExecuteStatement", "ExecuteStatement" ->
                        metered.chargedAfterwards(exchange, request, !op.equals("ExecuteStatement"), client, now);
                case "TransactGetItems" -> metered.chargedAfterwards(exchange, request, false, client, now);
                case "DescribeTable" -> describeTable(exchange, request);
                case "UpdateTable" -> updateTable(exchange, request);
                case "CreateTable", "DeleteTable" -> {
                    // A table made anew starts with fresh buckets; its configured capacity still applies.
                    tables.remove(request.path("TableName").asText());
                    passThrough(exchange, body);
                }
                default -> passThrough(exchange, body);
            }
        } catch (Exception e) {
            failures.incrementAndGet();
            System.err.println("ThrottlingDynamoFake: " + e);
            try {
                DynamoRelay.respond(exchange, 502, DynamoRelay.error("ProxyFailure", String.valueOf(e)));
            } catch (IOException | RuntimeException ignored) {
                // the client is gone; nothing to tell it
            }
        } finally {
            exchange.close();
        }
    }

    private void passThrough(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = relay.forward(exchange, body, false);
        DynamoRelay.relay(exchange, response.statusCode(), response.headers().map(), response.body(), false);
    }

    private void describeTable(HttpExchange exchange, ObjectNode request) throws IOException, InterruptedException {
        TableThrottle table = throttleFor(request.path("TableName").asText(null));
        HttpResponse<byte[]> response = relay.forward(exchange, MeteredRequests.bytes(request), true);
        if (table == null || response.statusCode() != 200) {
            DynamoRelay.relay(exchange, response.statusCode(), response.headers().map(), response.body(), false);
            return;
        }
        ObjectNode reply = DynamoRelay.json(response);
        CapacityDescriptions.describe(reply.withObject("/Table"), table.capacity());
        DynamoRelay.relay(exchange, 200, response.headers().map(), MeteredRequests.bytes(reply), true);
    }

    /**
     * Capacity settings change what the fake enforces (DynamoDB Local is not asked: the fake is the
     * authority on capacity); anything else in the request still goes to DynamoDB Local.
     */
    private void updateTable(HttpExchange exchange, ObjectNode request) throws IOException, InterruptedException {
        String name = request.path("TableName").asText(null);
        TableThrottle table = throttleFor(name);
        if (table == null) {
            passThrough(exchange, MeteredRequests.bytes(request));
            return;
        }
        setCapacity(name, CapacityDescriptions.update(request, table.capacity()));
        ObjectNode description;
        if (request.size() > 1) {
            HttpResponse<byte[]> response = relay.forward(exchange, MeteredRequests.bytes(request), true);
            if (response.statusCode() != 200) {
                DynamoRelay.relay(exchange, response.statusCode(), response.headers().map(), response.body(), false);
                return;
            }
            description = DynamoRelay.json(response).withObject("/TableDescription");
        } else {
            ObjectNode described = relay.call("DescribeTable", DynamoRelay.MAPPER.createObjectNode().put("TableName", name));
            description = described == null ? DynamoRelay.MAPPER.createObjectNode() : described.withObject("/Table");
        }
        CapacityDescriptions.describe(description, table.capacity());
        ObjectNode reply = DynamoRelay.MAPPER.createObjectNode();
        reply.set("TableDescription", description);
        DynamoRelay.respond(exchange, 200, reply);
    }

    /** The table's capacity state, learnt from DynamoDB Local on first use; null if it has no such table. */
    private TableThrottle throttleFor(String name) {
        if (name == null) {
            return null;
        }
        TableThrottle known = tables.get(name);
        if (known != null) {
            return known;
        }
        synchronized (tables) {
            known = tables.get(name);
            if (known != null) {
                return known;
            }
            ObjectNode described;
            try {
                described = relay.call("DescribeTable", DynamoRelay.MAPPER.createObjectNode().put("TableName", name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (described == null) {
                return null;
            }
            JsonNode table = described.path("Table");
            TableCapacity capacity = configured.getOrDefault(name, CapacityDescriptions.capacityOf(table));
            TableThrottle created = new TableThrottle(CapacityDescriptions.shapeOf(table), capacity, nanos);
            tables.put(name, created);
            return created;
        }
    }

    private static String clientOf(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher matcher = ACCESS_KEY.matcher(authorization == null ? "" : authorization);
        return matcher.find() ? matcher.group(1) : "anonymous";
    }

    private void admin(HttpExchange exchange) throws IOException {
        Map<String, String> query = new TreeMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        if (exchange.getRequestURI().getPath().equals("/_fake/capacity")) {
            try {
                setCapacity(query.getOrDefault("table", ""), TableCapacity.parse(query.getOrDefault("spec", "")));
            } catch (IllegalArgumentException e) {
                DynamoRelay.respond(exchange, 400, DynamoRelay.error("ValidationException", e.getMessage()));
                return;
            }
        }
        ObjectNode stats = DynamoRelay.MAPPER.createObjectNode();
        ObjectNode perTable = stats.putObject("tables");
        new TreeMap<>(tables).forEach((name, table) -> perTable.putObject(name)
                .put("readLimit", table.limit(false)).put("writeLimit", table.limit(true))
                .put("consumedReadUnits", table.consumedRead()).put("consumedWriteUnits", table.consumedWrite())
                .put("throttled", table.throttled()));
        ObjectNode perClient = stats.putObject("clients");
        clients().forEach((client, snapshot) -> perClient.putObject(client)
                .put("requests", snapshot.requests()).put("throttled", snapshot.throttled())
                .put("unprocessed", snapshot.unprocessed()).put("readUnits", snapshot.readUnits())
                .put("writeUnits", snapshot.writeUnits()).put("unitsPerSecond", snapshot.unitsPerSecond()));
        DynamoRelay.respond(exchange, 200, stats);
    }

    /**
     * {@code ThrottlingDynamoFake --upstream URL [--port N] [--table NAME=SPEC]...}: runs until
     * killed, after printing its endpoint as the one line on standard output. SPEC is
     * {@link TableCapacity#parse}'s form, e.g. {@code provisioned,read=400,write=500,burst=0}.
     */
    public static void main(String[] args) throws InterruptedException {
        String upstream = null;
        int port = 0;
        Map<String, TableCapacity> capacities = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                usage(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--upstream" -> upstream = value;
                case "--port" -> port = port(value);
                case "--table" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        usage("--table needs NAME=SPEC: " + value);
                    }
                    try {
                        capacities.put(value.substring(0, equals), TableCapacity.parse(value.substring(equals + 1)));
                    } catch (IllegalArgumentException e) {
                        usage("--table " + value + ": " + e.getMessage());
                    }
                }
                default -> usage("unknown argument: " + args[i]);
            }
            i++;
        }
        if (upstream == null) {
            usage("--upstream is required");
        }
        ThrottlingDynamoFake fake = start(upstream, port, System::nanoTime);
        capacities.forEach(fake::setCapacity);
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        System.out.println(fake.endpoint());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage("--port must be a number: " + value);
            return 0;
        }
    }

    private static void usage(String problem) {
        System.err.println("ThrottlingDynamoFake: " + problem
                + "\nusage: ThrottlingDynamoFake --upstream URL [--port N] [--table NAME=SPEC]...");
        System.exit(2);
    }
}
