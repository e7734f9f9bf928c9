package dev.bulk.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;

/**
 * The HTTP plumbing the hand-written DynamoDB test doubles share: forwarding one exchange to
 * DynamoDB Local, relaying (or rewriting) its answer with a correct {@code x-amz-crc32}, and forging
 * a DynamoDB JSON error. It knows nothing about what the double decides.
 */
final class DynamoRelay {
    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    static final String JSON = "application/x-amz-json-1.0";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /**
     * Never passed on in either direction: hop-by-hop headers describe one connection, not the message
     * (RFC 9110 7.6.1); Host, Content-Length, Expect and Date are set by the JDK client or server.
     */
    private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "date");

    private final String upstream;
    private final HttpClient client;

    DynamoRelay(String upstream, ExecutorService clientThreads) {
        this.upstream = upstream.endsWith("/") ? upstream.substring(0, upstream.length() - 1) : upstream;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(clientThreads)
                .build();
    }

    String upstream() {
        return upstream;
    }

    /**
     * Sends {@code body} upstream with the exchange's method, path and headers. {@code plainResponse}
     * drops Accept-Encoding so a reply the caller will rewrite comes back uncompressed.
     */
    HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body, boolean plainResponse)
            throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        URI target = URI.create(upstream + (path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(),
                        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (NOT_RELAYED.contains(name) || (plainResponse && name.equals("accept-encoding"))) {
                continue;
            }
            for (String value : header.getValue()) {
                try {
                    request.header(header.getKey(), value);
                } catch (IllegalArgumentException restricted) {
                    // a header the JDK client sets itself; DynamoDB does not need ours
                }
            }
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A call of the double's own to DynamoDB Local (e.g. DescribeTable to learn a table's key and
     * ARN), signed with dummy credentials, which DynamoDB Local accepts; null unless HTTP 200.
     */
    ObjectNode call(String op, ObjectNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(upstream + "/"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", JSON)
                .header("X-Amz-Target", TARGET_PREFIX + op)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=fake/20200101/us-east-1/dynamodb/aws4_request,"
                        + " SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200 ? json(response) : null;
    }

    /** The reply's JSON object, gunzipped if upstream compressed it anyway; an empty body is an empty object. */
    static ObjectNode json(HttpResponse<byte[]> response) throws IOException {
        byte[] body = response.body();
        boolean gzipped = response.headers().firstValue("Content-Encoding")
                .map(value -> value.toLowerCase(Locale.ROOT).contains("gzip")).orElse(false);
        if (gzipped) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        JsonNode node = body.length == 0 ? null : MAPPER.readTree(body);
        return node instanceof ObjectNode object ? object : MAPPER.createObjectNode();
    }

    /**
     * Sends a response with upstream's headers minus hop-by-hop ones; a rewritten body gets a fresh
     * x-amz-crc32 (the SDK checks it) and loses any Content-Encoding (it is sent plain).
     */
    static void relay(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body,
            boolean rewritten) throws IOException {
        Headers out = exchange.getResponseHeaders();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(":") || NOT_RELAYED.contains(name)) {
                continue;
            }
            if (rewritten && (name.equals("x-amz-crc32") || name.equals("content-encoding"))) {
                continue;
            }
            out.put(header.getKey(), new ArrayList<>(header.getValue()));
        }
        if (rewritten) {
            out.set("x-amz-crc32", crc32(body));
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        }
    }

    /** A JSON reply of the double's own (not upstream's), with DynamoDB's content type and a request id. */
    static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        Map<String, List<String>> headers = Map.of(
                "Content-Type", List.of(JSON),
                "x-amzn-RequestId", List.of(UUID.randomUUID().toString()));
        relay(exchange, status, headers, body.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    /** An error as DynamoDB sends it: the SDK takes the error code from {@code __type} after the '#'. */
    static ObjectNode error(String code, String message) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("__type", ERROR_PREFIX + code);
        error.put("message", message);
        return error;
    }

    static String crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return Long.toString(crc.getValue());
    }

    /** The operation of an {@code X-Amz-Target} header without its API-version prefix. */
    static String opName(String target) {
        if (target == null || target.isBlank()) {
            return "(none)";
        }
        return target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
    }
}
