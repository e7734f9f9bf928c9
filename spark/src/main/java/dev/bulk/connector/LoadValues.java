package dev.bulk.connector;

import dev.bulk.dynamo.KeySchema;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The value rules of load: Spark values and mapped CSV text as DynamoDB values, without float
 * artefacts (a float is its own shortest text, a double its shortest text, decimals their exact
 * text); a null is no attribute at all (inside a list, where a position must hold something, it
 * is NULL). Key attributes are coerced to the table's key type or the row is refused. The
 * connector's {@code df.write()} uses the same rules, so a DataFrame writes what load would.
 */
public final class LoadValues {
    private LoadValues() {
    }

    /** The first {@code columns} columns of a Spark row (the rest are the reader's own) as an item. */
    public static Map<String, AttributeValue> item(Row row, StructField[] fields, int columns) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < columns; i++) {
            AttributeValue value = value(row.get(i), fields[i].dataType());
            if (value != null) {
                item.put(fields[i].name(), value);
            }
        }
        return item;
    }

    /** One Spark value as DynamoDB's, or null for a null (the attribute is omitted). */
    public static AttributeValue value(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return AttributeValue.fromS(text);
        }
        if (value instanceof BigDecimal decimal) {
            return AttributeValue.fromN(decimal.toPlainString());
        }
        if (value instanceof scala.math.BigDecimal decimal) {
            return AttributeValue.fromN(decimal.bigDecimal().toPlainString());
        }
        if (value instanceof Float number) {
            return finite(number.isNaN() || number.isInfinite(), Float.toString(number));
        }
        if (value instanceof Double number) {
            return finite(number.isNaN() || number.isInfinite(), Double.toString(number));
        }
        if (value instanceof Number number) {
            return AttributeValue.fromN(number.toString());
        }
        if (value instanceof Boolean bool) {
            return AttributeValue.fromBool(bool);
        }
        if (value instanceof byte[] bytes) {
            return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
        }
        if (value instanceof Timestamp timestamp) {
            return AttributeValue.fromS(timestamp.toInstant().toString());
        }
        if (value instanceof Date date) {
            return AttributeValue.fromS(date.toLocalDate().toString());
        }
        if (value instanceof Instant || value instanceof LocalDate) {
            return AttributeValue.fromS(value.toString());
        }
        if (type instanceof ArrayType array) {
            List<AttributeValue> members = new ArrayList<>();
            Iterator<?> elements = scala.collection.JavaConverters.asJavaIterator(((scala.collection.Seq<?>) value).iterator());
            while (elements.hasNext()) {
                AttributeValue member = value(elements.next(), array.elementType());
                members.add(member == null ? AttributeValue.fromNul(true) : member);
            }
            return AttributeValue.fromL(members);
        }
        if (type instanceof StructType struct) {
            return AttributeValue.fromM(item((Row) value, struct.fields(), struct.fields().length));
        }
        if (type instanceof MapType map) {
            Map<String, AttributeValue> members = new LinkedHashMap<>();
            scala.collection.JavaConverters.mapAsJavaMapConverter((scala.collection.Map<?, ?>) value).asJava()
                    .forEach((k, v) -> {
                        AttributeValue member = value(v, map.valueType());
                        if (member != null) {
                            members.put(String.valueOf(k), member);
                        }
                    });
            return AttributeValue.fromM(members);
        }
        if (type instanceof BooleanType || type instanceof BinaryType) {
            throw new IllegalArgumentException("unexpected " + type + " value " + value.getClass());
        }
        return AttributeValue.fromS(value.toString());
    }

    private static AttributeValue finite(boolean notFinite, String text) {
        // DynamoDB has no NaN or infinity; their text is the most honest thing to keep.
        return notFinite ? AttributeValue.fromS(text) : AttributeValue.fromN(new BigDecimal(text).toPlainString());
    }

    /** Whether DynamoDB accepts {@code text} as a number (at most 38 significant digits). */
    public static String numberProblem(String text) {
        BigDecimal number;
        try {
            number = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return "'" + text + "' is not a number";
        }
        if (number.stripTrailingZeros().precision() > 38) {
            return "'" + text + "' has more than 38 significant digits";
        }
        return null;
    }

    /** Drops top-level S "" attributes (--removeEmptyStringAttributes). */
    public static void removeEmptyStrings(Map<String, AttributeValue> item) {
        item.values().removeIf(value -> value.s() != null && value.s().isEmpty());
    }

    /**
     * Gives the key attributes the table's key types (S from N and N from a numeric S; a B key
     * must already be B). Returns why the item cannot be written, or null.
     */
    public static String coerceKeys(Map<String, AttributeValue> item, KeySchema keys) {
        String problem = coerce(item, keys.partitionKey(), keys.partitionType(), "partition");
        if (problem != null || keys.sortKey() == null) {
            return problem;
        }
        return coerce(item, keys.sortKey(), keys.sortType(), "sort");
    }

    private static String coerce(Map<String, AttributeValue> item, String name, String type, String role) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return "no " + role + " key attribute '" + name + "'";
        }
        if (type.equals("N") && value.s() != null) {
            String problem = numberProblem(value.s());
            if (problem != null) {
                return role + " key '" + name + "' must be a number (N): " + problem;
            }
            item.put(name, AttributeValue.fromN(value.s().trim()));
            return null;
        }
        if (type.equals("S") && value.n() != null) {
            item.put(name, AttributeValue.fromS(value.n()));
            return null;
        }
        if (type.equals("S") && value.s() != null && value.s().isEmpty()) {
            return role + " key '" + name + "' is an empty string (DynamoDB refuses empty key values)";
        }
        boolean matches = switch (type) {
            case "S" -> value.s() != null;
            case "N" -> value.n() != null;
            default -> value.b() != null;
        };
        return matches ? null : role + " key '" + name + "' must be of type " + type + " but the row has " + value.type();
    }
}
