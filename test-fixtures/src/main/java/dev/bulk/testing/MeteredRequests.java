package dev.bulk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.bulk.testing.TableThrottle.Reason;
import dev.bulk.testing.TableThrottle.Throttle;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data-plane side of {@link ThrottlingDynamoFake}: estimates each request's units, asks the
 * table's {@link TableThrottle} before forwarding anything, forwards with
 * {@code ReturnConsumedCapacity: INDEXES} so DynamoDB Local reports what it really consumed (the
 * size of the old item of an update, items a filter dropped, index writes), charges that, and hands
 * the client back only the ConsumedCapacity it asked for.
 */
final class MeteredRequests {
    private static final Pattern EQUALITY = Pattern.compile("(#?[A-Za-z0-9_.]+)\\s*=\\s*(:[A-Za-z0-9_]+)");

    private final DynamoRelay relay;
    private final Function<String, TableThrottle> tables;

    MeteredRequests(DynamoRelay relay, Function<String, TableThrottle> tables) {
        this.relay = relay;
        this.tables = tables;
    }

    /** PutItem, UpdateItem, DeleteItem, GetItem, Query, Scan: all or nothing, refused before forwarding. */
    void single(HttpExchange exchange, ObjectNode request, String op, ClientStats client, long now)
            throws IOException, InterruptedException {
        TableThrottle table = tables.apply(request.path("TableName").asText(null));
        if (table == null) {
            forwardUnmetered(exchange, request);
            return;
        }
        boolean isWrite = op.endsWith("Item") && !op.equals("GetItem");
        String hashKey = table.shape().hashKey();
        String index = request.path("IndexName").asText(null);
        double estimate;
        Set<String> indexes = Set.of();
        Throttle throttle;
        if (isWrite) {
            JsonNode item = op.equals("PutItem") ? request.get("Item") : request.get("Key");
            estimate = op.equals("PutItem") ? ItemSizes.writeUnits(item) : 1;
            indexes = touchedIndexes(table, op.equals("PutItem") ? item : null);
            throttle = table.admitWrite(keyOf(item, hashKey), estimate, indexes);
        } else {
            estimate = request.path("ConsistentRead").asBoolean(false) ? 1 : 0.5;
            String key = switch (op) {
                case "GetItem" -> keyOf(request.get("Key"), hashKey);
                case "Query" -> index == null ? queryKey(request, hashKey) : null;
                default -> null;
            };
            throttle = table.admitRead(key, estimate, index);
        }
        client.request(now, throttle != null);
        if (throttle != null) {
            refuse(exchange, throttle);
            return;
        }
        String asked = request.path("ReturnConsumedCapacity").asText("NONE");
        request.put("ReturnConsumedCapacity", "INDEXES");
        HttpResponse<byte[]> response = relay.forward(exchange, bytes(request), true);
        if (response.statusCode() != 200) {
            DynamoRelay.relay(exchange, response.statusCode(), response.headers().map(), response.body(), false);
            return;
        }
        ObjectNode reply = DynamoRelay.json(response);
        Map<String, Double> indexEstimates = new HashMap<>();
        indexes.forEach(name -> indexEstimates.put(name, estimate));
        double units = settle(table, isWrite, reply.get("ConsumedCapacity"), estimate, indexEstimates, index);
        client.consumed(isWrite, units, 0);
        reshape(reply, asked);
        DynamoRelay.relay(exchange, 200, response.headers().map(), bytes(reply), true);
    }

    /**
     * BatchWriteItem (writes) or BatchGetItem (reads): each request is admitted or not on its own;
     * those refused come back as UnprocessedItems / UnprocessedKeys and are never forwarded. When
     * nothing at all can be served, the whole call is refused, as DynamoDB does.
     */
    void batch(HttpExchange exchange, ObjectNode request, boolean isWrite, ClientStats client, long now)
            throws IOException, InterruptedException {
        JsonNode requestItems = request.get("RequestItems");
        if (!(requestItems instanceof ObjectNode perTable)) {
            forwardUnmetered(exchange, request);
            return;
        }
        ObjectNode kept = DynamoRelay.MAPPER.createObjectNode();
        ObjectNode refused = DynamoRelay.MAPPER.createObjectNode();
        Map<String, Double> estimates = new HashMap<>();
        Map<String, Map<String, Double>> indexEstimates = new HashMap<>();
        List<Reason> reasons = new ArrayList<>();
        String errorCode = null;
        int refusedCount = 0;
        for (Map.Entry<String, JsonNode> entry : fields(perTable)) {
            String name = entry.getKey();
            TableThrottle table = tables.apply(name);
            JsonNode requests = isWrite ? entry.getValue() : entry.getValue().path("Keys");
            double each = !isWrite && entry.getValue().path("ConsistentRead").asBoolean(false) ? 1 : 0.5;
            ArrayNode pass = DynamoRelay.MAPPER.createArrayNode();
            ArrayNode fail = DynamoRelay.MAPPER.createArrayNode();
            for (JsonNode one : requests) {
                Throttle throttle = null;
                if (table != null) {
                    String hashKey = table.shape().hashKey();
                    if (isWrite) {
                        JsonNode item = one.path("PutRequest").get("Item");
                        JsonNode key = item != null ? item : one.path("DeleteRequest").get("Key");
                        double units = item != null ? ItemSizes.writeUnits(item) : 1;
                        Set<String> indexes = touchedIndexes(table, item);
                        throttle = table.admitWrite(keyOf(key, hashKey), units, indexes);
                        if (throttle == null) {
                            estimates.merge(name, units, Double::sum);
                            indexes.forEach(index -> indexEstimates.computeIfAbsent(name, k -> new HashMap<>())
                                    .merge(index, units, Double::sum));
                        }
                    } else {
                        throttle = table.admitRead(keyOf(one, hashKey), each, null);
                        if (throttle == null) {
                            estimates.merge(name, each, Double::sum);
                        }
                    }
                }
                if (throttle == null) {
                    pass.add(one);
                } else {
                    fail.add(one);
                    reasons.addAll(throttle.reasons());
                    errorCode = throttle.errorCode();
                    refusedCount++;
                }
            }
            put(kept, name, entry.getValue(), pass, isWrite);
            put(refused, name, entry.getValue(), fail, isWrite);
        }
        boolean nothingServed = kept.isEmpty();
        client.request(now, nothingServed);
        if (nothingServed) {
            refuse(exchange, new Throttle(errorCode, List.copyOf(new LinkedHashSet<>(reasons))));
            return;
        }
        String asked = request.path("ReturnConsumedCapacity").asText("NONE");
        request.set("RequestItems", kept);
        request.put("ReturnConsumedCapacity", "INDEXES");
        HttpResponse<byte[]> response = relay.forward(exchange, bytes(request), true);
        if (response.statusCode() != 200) {
            DynamoRelay.relay(exchange, response.statusCode(), response.headers().map(), response.body(), false);
            return;
        }
        ObjectNode reply = DynamoRelay.json(response);
        double units = 0;
        for (JsonNode consumed : reply.path("ConsumedCapacity")) {
            String name = consumed.path("TableName").asText();
            TableThrottle table = tables.apply(name);
            if (table != null) {
                units += settle(table, isWrite, consumed, estimates.getOrDefault(name, 0.0),
                        indexEstimates.getOrDefault(name, Map.of()), null);
            }
        }
        client.consumed(isWrite, units, refusedCount);
        String unprocessedField = isWrite ? "UnprocessedItems" : "UnprocessedKeys";
        JsonNode upstreamUnprocessed = reply.get(unprocessedField);
        ObjectNode unprocessed = upstreamUnprocessed instanceof ObjectNode object ? object : DynamoRelay.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> entry : fields(refused)) {
            JsonNode existing = unprocessed.get(entry.getKey());
            if (existing == null) {
                unprocessed.set(entry.getKey(), entry.getValue());
            } else if (isWrite) {
                ((ArrayNode) existing).addAll((ArrayNode) entry.getValue());
            } else {
                ((ArrayNode) existing.path("Keys")).addAll((ArrayNode) entry.getValue().path("Keys"));
            }
        }
        reply.set(unprocessedField, unprocessed);
        reshape(reply, asked);
        DynamoRelay.relay(exchange, 200, response.headers().map(), bytes(reply), true);
    }

    /**
     * TransactWriteItems, TransactGetItems, PartiQL and anything else that consumes capacity: not
     * refused (the fake does not model transaction cancellation), but what DynamoDB Local reports is
     * charged, so the tables' buckets and the client's units stay true.
     */
    void chargedAfterwards(HttpExchange exchange, ObjectNode request, boolean isWrite, ClientStats client, long now)
            throws IOException, InterruptedException {
        client.request(now, false);
        String asked = request.path("ReturnConsumedCapacity").asText("NONE");
        request.put("ReturnConsumedCapacity", "INDEXES");
        HttpResponse<byte[]> response = relay.forward(exchange, bytes(request), true);
        if (response.statusCode() != 200) {
            DynamoRelay.relay(exchange, response.statusCode(), response.headers().map(), response.body(), false);
            return;
        }
        ObjectNode reply = DynamoRelay.json(response);
        JsonNode consumed = reply.get("ConsumedCapacity");
        Iterable<JsonNode> entries = consumed instanceof ArrayNode array ? array : consumed == null ? List.of() : List.of(consumed);
        double units = 0;
        for (JsonNode entry : entries) {
            TableThrottle table = tables.apply(entry.path("TableName").asText(null));
            if (table != null) {
                units += settle(table, isWrite, entry, 0, Map.of(), null);
            }
        }
        client.consumed(isWrite, units, 0);
        reshape(reply, asked);
        DynamoRelay.relay(exchange, 200, response.headers().map(), bytes(reply), true);
    }

    private void forwardUnmetered(HttpExchange exchange, ObjectNode request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = relay.forward(exchange, bytes(request), false);
        DynamoRelay.relay(exchange, response.statusCode(), response.headers().map(), response.body(), false);
    }

    /** DynamoDB's throttle reply: HTTP 400, the exception's type, a message and ThrottlingReasons. */
    static void refuse(HttpExchange exchange, Throttle throttle) throws IOException {
        ObjectNode error = DynamoRelay.error(throttle.errorCode(), throttle.message());
        // The two exceptions spell the member differently in DynamoDB's model (and so on the wire).
        ArrayNode reasons = error.putArray("ThrottlingException".equals(throttle.errorCode()) ? "throttlingReasons"
                : "ThrottlingReasons");
        for (Reason reason : throttle.reasons()) {
            reasons.addObject().put("reason", reason.reason()).put("resource", reason.resource());
        }
        DynamoRelay.respond(exchange, 400, error);
    }

    /** Charges actual minus estimate and returns the total units DynamoDB Local reported (estimate if none). */
    private static double settle(TableThrottle table, boolean isWrite, JsonNode consumed, double estimate,
            Map<String, Double> indexEstimates, String readIndex) {
        if (consumed == null || !consumed.has("CapacityUnits")) {
            return estimate;
        }
        double total = consumed.path("CapacityUnits").asDouble();
        double actual;
        if (readIndex != null) {
            actual = consumed.path("GlobalSecondaryIndexes").path(readIndex).path("CapacityUnits").asDouble(total);
        } else {
            actual = consumed.path("Table").path("CapacityUnits").asDouble(total);
        }
        Map<String, Double> indexDeltas = new HashMap<>();
        if (isWrite) {
            for (Map.Entry<String, JsonNode> index : fields(consumed.path("GlobalSecondaryIndexes"))) {
                indexDeltas.put(index.getKey(),
                        index.getValue().path("CapacityUnits").asDouble() - indexEstimates.getOrDefault(index.getKey(), 0.0));
            }
        }
        table.settle(isWrite, actual - estimate, indexDeltas, readIndex);
        return total;
    }

    /** Keeps of ConsumedCapacity what the client asked for: nothing, the totals, or everything. */
    private static void reshape(ObjectNode reply, String asked) {
        if ("INDEXES".equals(asked)) {
            return;
        }
        JsonNode consumed = reply.get("ConsumedCapacity");
        if (!"TOTAL".equals(asked) || consumed == null) {
            reply.remove("ConsumedCapacity");
            return;
        }
        for (JsonNode entry : consumed instanceof ArrayNode array ? array : List.of(consumed)) {
            if (entry instanceof ObjectNode object) {
                object.remove(List.of("Table", "GlobalSecondaryIndexes", "LocalSecondaryIndexes"));
            }
        }
    }

    /** Indexes a write may change: a put, those whose key it carries; an update or delete, all. */
    private static Set<String> touchedIndexes(TableThrottle table, JsonNode putItem) {
        Map<String, String> hashKeys = table.shape().indexHashKeys();
        if (putItem == null) {
            return hashKeys.keySet();
        }
        Set<String> touched = new LinkedHashSet<>();
        hashKeys.forEach((index, key) -> {
            if (putItem.has(key)) {
                touched.add(index);
            }
        });
        return touched;
    }

    /** The partition key's value as canonical JSON (what picks the partition), or null if absent. */
    private static String keyOf(JsonNode item, String hashKey) {
        JsonNode value = item == null || hashKey == null ? null : item.get(hashKey);
        return value == null ? null : value.toString();
    }

    /** The partition key's value of a Query on the table, from its key condition (or legacy KeyConditions). */
    private static String queryKey(ObjectNode request, String hashKey) {
        JsonNode legacy = request.path("KeyConditions").path(hashKey).path("AttributeValueList").path(0);
        if (!legacy.isMissingNode()) {
            return legacy.toString();
        }
        Matcher matcher = EQUALITY.matcher(request.path("KeyConditionExpression").asText(""));
        while (matcher.find()) {
            String name = matcher.group(1);
            if (name.startsWith("#")) {
                name = request.path("ExpressionAttributeNames").path(name).asText(name);
            }
            if (name.equals(hashKey)) {
                JsonNode value = request.path("ExpressionAttributeValues").get(matcher.group(2));
                return value == null ? null : value.toString();
            }
        }
        return null;
    }

    /** A batch's per-table part holding only {@code requests}; BatchGetItem keeps the table's other settings. */
    private static void put(ObjectNode target, String table, JsonNode original, ArrayNode requests, boolean isWrite) {
        if (requests.isEmpty()) {
            return;
        }
        if (isWrite) {
            target.set(table, requests);
        } else {
            ObjectNode copy = ((ObjectNode) original).deepCopy();
            copy.set("Keys", requests);
            target.set(table, copy);
        }
    }

    static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            fields.add(it.next());
        }
        return fields;
    }

    static byte[] bytes(JsonNode node) throws IOException {
        return DynamoRelay.MAPPER.writeValueAsBytes(node);
    }
}
