package dev.bulk.dynamo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Conversions between plain values (Java objects, plain JSON) and DynamoDB's exact
 * {@link AttributeValue}. Numbers never pass through double: JSON numbers are read as BigDecimal
 * and written back from their original text, so 38-digit and fractional numbers survive.
 */
public final class AttributeValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .setNodeFactory(NODES);

    private AttributeValues() {
    }

    /** Parses a JSON object text with exact numbers; throws IllegalArgumentException with the parser's reason. */
    public static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            throw new IllegalArgumentException(reason, e);
        }
    }

    /** Plain JSON value → AttributeValue (number text kept exactly; arrays become L, objects M). */
    public static AttributeValue fromJson(JsonNode node) {
        return fromJson(node, true);
    }

    /**
     * As {@link #fromJson(JsonNode)}; with {@code keepNullFields} false, a null field of an object is
     * left out of its map (a null list element stays NULL): load's reading of JSON records.
     */
    public static AttributeValue fromJson(JsonNode node, boolean keepNullFields) {
        if (node == null || node.isNull()) {
            return AttributeValue.fromNul(true);
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        if (node.isNumber()) {
            return AttributeValue.fromN(node.isBigDecimal() ? node.decimalValue().toString() : node.asText());
        }
        if (node.isTextual()) {
            return AttributeValue.fromS(node.textValue());
        }
        if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            for (JsonNode element : node) {
                list.add(fromJson(element, keepNullFields));
            }
            return AttributeValue.fromL(list);
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (keepNullFields || !field.getValue().isNull()) {
                map.put(field.getKey(), fromJson(field.getValue(), keepNullFields));
            }
        }
        return AttributeValue.fromM(map);
    }

    /** A JSON object of plain values → attribute map (used for --expression-values). */
    public static Map<String, AttributeValue> mapFromJson(JsonNode object) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), fromJson(field.getValue()));
        }
        return map;
    }

    /**
     * A plain Java value → AttributeValue. Accepts AttributeValue (as is), String, Number,
     * Boolean, byte[]/ByteBuffer/SdkBytes, Map, List, and Sets of strings, numbers or bytes (SS, NS, BS).
     */
    public static AttributeValue fromJava(Object value) {
        if (value == null) {
            return AttributeValue.fromNul(true);
        }
        if (value instanceof AttributeValue attributeValue) {
            return attributeValue;
        }
        if (value instanceof String text) {
            return AttributeValue.fromS(text);
        }
        if (value instanceof Boolean bool) {
            return AttributeValue.fromBool(bool);
        }
        if (value instanceof Number number) {
            return AttributeValue.fromN(numberText(number));
        }
        if (value instanceof byte[] bytes) {
            return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
        }
        if (value instanceof ByteBuffer buffer) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(buffer));
        }
        if (value instanceof SdkBytes bytes) {
            return AttributeValue.fromB(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, AttributeValue> converted = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                converted.put(String.valueOf(entry.getKey()), fromJava(entry.getValue()));
            }
            return AttributeValue.fromM(converted);
        }
        if (value instanceof Set<?> set) {
            return fromSet(set);
        }
        if (value instanceof Collection<?> collection) {
            List<AttributeValue> list = new ArrayList<>();
            for (Object element : collection) {
                list.add(fromJava(element));
            }
            return AttributeValue.fromL(list);
        }
        throw new IllegalArgumentException("cannot store a " + value.getClass().getName() + " in DynamoDB");
    }

    /** An item of plain Java values → attribute map. */
    public static Map<String, AttributeValue> itemFromJava(Map<?, ?> item) {
        Map<String, AttributeValue> converted = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : item.entrySet()) {
            converted.put(String.valueOf(entry.getKey()), fromJava(entry.getValue()));
        }
        return converted;
    }

    private static AttributeValue fromSet(Set<?> set) {
        if (set.isEmpty()) {
            throw new IllegalArgumentException("DynamoDB cannot store an empty set");
        }
        Object first = set.iterator().next();
        if (first instanceof String) {
            List<String> strings = new ArrayList<>();
            set.forEach(element -> strings.add((String) element));
            return AttributeValue.fromSs(strings);
        }
        if (first instanceof Number) {
            List<String> numbers = new ArrayList<>();
            set.forEach(element -> numbers.add(numberText((Number) element)));
            return AttributeValue.fromNs(numbers);
        }
        List<SdkBytes> bytes = new ArrayList<>();
        for (Object element : set) {
            bytes.add(fromJava(element).b());
        }
        return AttributeValue.fromBs(bytes);
    }

    private static String numberText(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal.toString();
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("DynamoDB cannot store the number " + d);
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (number instanceof BigInteger integer) {
            return integer.toString();
        }
        return number.toString();
    }

    public static String toJsonText(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Size of an item as DynamoDB bills it: names plus values (an approximation good to a few bytes). */
    public static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> entry : item.entrySet()) {
            size += utf8Length(entry.getKey()) + valueSize(entry.getValue());
        }
        return size;
    }

    private static long valueSize(AttributeValue value) {
        switch (value.type()) {
            case S:
                return utf8Length(value.s());
            case N:
                return numberSize(value.n());
            case B:
                return value.b().asByteArrayUnsafe().length;
            case BOOL:
            case NUL:
                return 1;
            case SS:
                return value.ss().stream().mapToLong(AttributeValues::utf8Length).sum() + 3;
            case NS:
                return value.ns().stream().mapToLong(AttributeValues::numberSize).sum() + 3;
            case BS:
                return value.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum() + 3;
            case L:
                return 3 + value.l().stream().mapToLong(v -> 1 + valueSize(v)).sum();
            case M: {
                long size = 3;
                for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
                    size += 1 + utf8Length(entry.getKey()) + valueSize(entry.getValue());
                }
                return size;
            }
            default:
                return 0;
        }
    }

    private static long numberSize(String number) {
        String digits = number.replace("-", "").replace(".", "");
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
