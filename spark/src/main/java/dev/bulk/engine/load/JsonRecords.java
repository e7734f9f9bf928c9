package dev.bulk.engine.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JSON and DynamoDB JSON records as items. Numbers are read as exact decimals (0.1 stays 0.1, 38
 * digits stay 38 digits); a null attribute is left out of its item (in a list it stays NULL).
 */
final class JsonRecords {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            // "{...}," or "{...} junk" on a line is malformed, not the first value with the rest ignored.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    /** For a whole document read value by value: the values after the current one are the file's next records. */
    private static final ObjectMapper STREAM = JSON.copy().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M");

    private JsonRecords() {
    }

    /** One line of DynamoDB JSON: {"Item": {…}} (DynamoDB's S3 export, our ddb-json) or a bare typed item. */
    static Parsed ddbLine(String file, long row, long line, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Parsed.bad(file, row, line, "malformed JSON: " + e.getOriginalMessage(), text);
        }
        if (node == null || !node.isObject()) {
            return Parsed.bad(file, row, line, "a DynamoDB JSON line is an object, got " + (node == null ? "nothing" : node.getNodeType()),
                    text);
        }
        JsonNode item = node.size() == 1 && node.has("Item") && isTypedItem(node.get("Item")) ? node.get("Item") : node;
        try {
            return Parsed.ok(file, row, line, DynamoJson.parseItem(item));
        } catch (RuntimeException e) {
            return Parsed.bad(file, row, line, "not DynamoDB JSON: " + e.getMessage(), text);
        }
    }

    /** True when every field of {@code node} holds one typed value ({"S": …}, {"N": …}, …). */
    private static boolean isTypedItem(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        Iterator<JsonNode> values = node.elements();
        while (values.hasNext()) {
            JsonNode value = values.next();
            if (!value.isObject() || value.size() != 1 || !TYPES.contains(value.fieldNames().next())) {
                return false;
            }
        }
        return true;
    }

    /** One line of JSON lines: its record(s) are queued; returns the file's row count so far. */
    static long jsonLine(String file, long row, long line, String text, JsonPathSubset path, Collection<Parsed> out) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            out.add(Parsed.bad(file, row + 1, line, "malformed JSON: " + e.getOriginalMessage(), text));
            return row + 1;
        }
        List<JsonNode> records = path == null ? List.of(node) : path.select(node);
        for (JsonNode record : records) {
            row++;
            out.add(record(file, row, line, record, text));
        }
        return row;
    }

    /**
     * A whole JSON document (--multiLine): without --jsonPath, each element of a top-level array is a
     * record (a top-level object is one); with it, what the path selects in each top-level value.
     * A syntax error ends the file: the records before it are kept, the error is a failed record.
     */
    static List<Parsed> document(String file, InputStream in, JsonPathSubset path) throws IOException {
        List<Parsed> records = new ArrayList<>();
        long row = 0;
        try (JsonParser parser = STREAM.getFactory().createParser(in)) {
            try {
                JsonToken token = parser.nextToken();
                while (token != null) {
                    long line = parser.getTokenLocation().getLineNr();
                    if (path == null && token == JsonToken.START_ARRAY) {
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            long elementLine = parser.getTokenLocation().getLineNr();
                            JsonNode element = STREAM.readTree(parser);
                            records.add(record(file, ++row, elementLine, element, null));
                        }
                    } else {
                        JsonNode document = STREAM.readTree(parser);
                        for (JsonNode record : path == null ? List.of(document) : path.select(document)) {
                            records.add(record(file, ++row, line, record, null));
                        }
                    }
                    token = parser.nextToken();
                }
            } catch (JsonProcessingException e) {
                JsonLocation where = e.getLocation();
                records.add(Parsed.bad(file, row + 1, where == null ? 0 : where.getLineNr(), "malformed JSON"
                        + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr()) + ": "
                        + e.getOriginalMessage() + "; the rest of this file was not read", null));
            }
        }
        return records;
    }

    private static Parsed record(String file, long row, long line, JsonNode node, String text) {
        if (node == null || !node.isObject()) {
            return Parsed.bad(file, row, line, "a record must be a JSON object, got " + (node == null ? "nothing"
                    : node.getNodeType().toString().toLowerCase()), text == null && node != null ? node.toString() : text);
        }
        return Parsed.ok(file, row, line, item(node));
    }

    /** A record's item: plain JSON values, a null field left out (at any depth of maps). */
    static Map<String, AttributeValue> item(JsonNode object) {
        return new LinkedHashMap<>(AttributeValues.fromJson(object, false).m());
    }
}
