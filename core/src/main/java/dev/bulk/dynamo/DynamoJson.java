package dev.bulk.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's typed JSON ({@code {"S":"x"}}, {@code {"N":"1.50"}}, …): the lossless form used in
 * failure files and the format DynamoDB's own S3 export writes. Numbers stay strings.
 */
public final class DynamoJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DynamoJson() {
    }

    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode object = NODES.objectNode();
        item.forEach((name, value) -> object.set(name, value(value)));
        return object;
    }

    public static ObjectNode value(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> {
                ArrayNode array = node.putArray("SS");
                value.ss().forEach(array::add);
            }
            case NS -> {
                ArrayNode array = node.putArray("NS");
                value.ns().forEach(array::add);
            }
            case BS -> {
                ArrayNode array = node.putArray("BS");
                value.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            case L -> {
                ArrayNode array = node.putArray("L");
                value.l().forEach(element -> array.add(value(element)));
            }
            case M -> node.set("M", item(value.m()));
            default -> throw new IllegalArgumentException("unknown attribute type " + value.type());
        }
        return node;
    }

    public static Map<String, AttributeValue> parseItem(JsonNode object) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            item.put(field.getKey(), parseValue(field.getValue()));
        }
        return item;
    }

    public static AttributeValue parseValue(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("a DynamoDB JSON value is an object with one type key, got " + node);
        }
        Map.Entry<String, JsonNode> typed = node.fields().next();
        JsonNode content = typed.getValue();
        switch (typed.getKey()) {
            case "S":
                return AttributeValue.fromS(content.asText());
            case "N":
                return AttributeValue.fromN(content.asText());
            case "B":
                return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(content.asText())));
            case "BOOL":
                return AttributeValue.fromBool(content.asBoolean());
            case "NULL":
                return AttributeValue.fromNul(true);
            case "SS":
                return AttributeValue.fromSs(texts(content));
            case "NS":
                return AttributeValue.fromNs(texts(content));
            case "BS": {
                List<SdkBytes> bytes = new ArrayList<>();
                content.forEach(element -> bytes.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(element.asText()))));
                return AttributeValue.fromBs(bytes);
            }
            case "L": {
                List<AttributeValue> list = new ArrayList<>();
                content.forEach(element -> list.add(parseValue(element)));
                return AttributeValue.fromL(list);
            }
            case "M":
                return AttributeValue.fromM(parseItem(content));
            default:
                throw new IllegalArgumentException("unknown DynamoDB JSON type '" + typed.getKey() + "'");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
