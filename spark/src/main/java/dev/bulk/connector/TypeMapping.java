package dev.bulk.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB values → Spark values. The mapping (README "Types"):
 * <pre>
 *   S → string      N → bigint, decimal(38,s) or exact text (from the sample)  B → binary
 *   BOOL → boolean  NULL → SQL NULL      SS → array&lt;string&gt;   NS → array&lt;number&gt;
 *   BS → array&lt;binary&gt;   L → array&lt;widened element&gt;   M → struct&lt;widened fields&gt;
 * </pre>
 * A column inferred from one DynamoDB type carries that type in its metadata ({@link #TYPE_KEY});
 * it then only ever holds values of that type (any other type reads as NULL), which is what lets
 * filters on it be pushed to DynamoDB with the same answer. Columns without it (widened on a type
 * conflict, or given by --schema) convert leniently: a string column shows any value as text.
 * The exact item always travels in {@link #ITEM_COLUMN} as DynamoDB JSON.
 */
public final class TypeMapping {
    /** Field metadata key: the single DynamoDB type a column holds (S, N, B, BOOL, SS, NS, BS, L, M). */
    public static final String TYPE_KEY = "dynamodb.type";
    /** The column carrying the exact item as DynamoDB JSON text. */
    public static final String ITEM_COLUMN = "_dynamodb_item";

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private TypeMapping() {
    }

    public static Metadata typed(String dynamoType) {
        return new MetadataBuilder().putString(TYPE_KEY, dynamoType).build();
    }

    /** The DynamoDB type a field is pinned to, or null for a lenient (widened or user-given) field. */
    public static String pinnedType(StructField field) {
        return field.metadata().contains(TYPE_KEY) ? field.metadata().getString(TYPE_KEY) : null;
    }

    /** DynamoDB's short type name of a value (NULL for the null type). */
    public static String typeOf(AttributeValue value) {
        return switch (value.type()) {
            case NUL -> "NULL";
            case UNKNOWN_TO_SDK_VERSION -> "UNKNOWN";
            default -> value.type().name();
        };
    }

    /** Converts one item to a row of {@code schema}; counts numbers that do not fit their column. */
    public static InternalRow toRow(Map<String, AttributeValue> item, StructType schema, Misfits misfits) {
        StructField[] fields = schema.fields();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            StructField field = fields[i];
            if (field.name().equals(ITEM_COLUMN)) {
                values[i] = UTF8String.fromString(AttributeValues.toJsonText(DynamoJson.item(item)));
                continue;
            }
            AttributeValue value = item.get(field.name());
            values[i] = value == null ? null : convert(value, field.dataType(), pinnedType(field), misfits);
        }
        return new GenericInternalRow(values);
    }

    /** Counts values that could not be held by their column's type (read as NULL instead). */
    public static final class Misfits {
        private long count;

        public void add() {
            count++;
        }

        public long count() {
            return count;
        }
    }

    static Object convert(AttributeValue value, DataType type, String pinned, Misfits misfits) {
        String actual = typeOf(value);
        if ("NULL".equals(actual)) {
            return null;
        }
        if (pinned != null && !pinned.equals(actual)) {
            return null;
        }
        if (type instanceof StringType) {
            return UTF8String.fromString(text(value));
        }
        if (type instanceof BooleanType) {
            return value.bool();
        }
        if (type instanceof BinaryType) {
            return value.b() == null ? null : value.b().asByteArray();
        }
        if (isNumeric(type)) {
            return value.n() == null ? null : number(value.n(), type, misfits);
        }
        if (type instanceof ArrayType array) {
            return array(value, array.elementType(), misfits);
        }
        if (type instanceof StructType struct) {
            return value.hasM() ? struct(value.m(), struct, misfits) : null;
        }
        if (type instanceof MapType map && map.keyType() instanceof StringType) {
            return value.hasM() ? map(value.m(), map.valueType(), misfits) : null;
        }
        return null;
    }

    static boolean isNumeric(DataType type) {
        return type instanceof LongType || type instanceof IntegerType || type instanceof ShortType || type instanceof ByteType
                || type instanceof DecimalType || type instanceof DoubleType || type instanceof FloatType;
    }

    private static Object array(AttributeValue value, DataType element, Misfits misfits) {
        List<Object> out = new ArrayList<>();
        if (value.hasL()) {
            for (AttributeValue member : value.l()) {
                out.add(convert(member, element, null, misfits));
            }
        } else if (value.hasSs()) {
            value.ss().forEach(s -> out.add(convert(AttributeValue.fromS(s), element, null, misfits)));
        } else if (value.hasNs()) {
            value.ns().forEach(n -> out.add(convert(AttributeValue.fromN(n), element, null, misfits)));
        } else if (value.hasBs()) {
            value.bs().forEach(b -> out.add(convert(AttributeValue.fromB(b), element, null, misfits)));
        } else {
            return null;
        }
        return new GenericArrayData(out.toArray());
    }

    private static InternalRow struct(Map<String, AttributeValue> map, StructType struct, Misfits misfits) {
        StructField[] fields = struct.fields();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            AttributeValue member = map.get(fields[i].name());
            values[i] = member == null ? null : convert(member, fields[i].dataType(), pinnedType(fields[i]), misfits);
        }
        return new GenericInternalRow(values);
    }

    private static Object map(Map<String, AttributeValue> map, DataType valueType, Misfits misfits) {
        Object[] keys = new Object[map.size()];
        Object[] values = new Object[map.size()];
        int i = 0;
        for (Map.Entry<String, AttributeValue> entry : map.entrySet()) {
            keys[i] = UTF8String.fromString(entry.getKey());
            values[i] = convert(entry.getValue(), valueType, null, misfits);
            i++;
        }
        return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
    }

    /** A number as the column's type, exactly, or null (counted) when the column cannot hold it. */
    static Object number(String text, DataType type, Misfits misfits) {
        if (type instanceof DoubleType) {
            return Double.parseDouble(text);
        }
        if (type instanceof FloatType) {
            return Float.parseFloat(text);
        }
        BigDecimal decimal = new BigDecimal(text);
        if (type instanceof DecimalType decimalType) {
            BigDecimal scaled = decimal;
            if (scaled.scale() > decimalType.scale()) {
                scaled = scaled.stripTrailingZeros();
            }
            if (scaled.scale() <= decimalType.scale()) {
                scaled = scaled.setScale(decimalType.scale());
                if (scaled.precision() <= decimalType.precision()) {
                    return Decimal.apply(scaled, decimalType.precision(), decimalType.scale());
                }
            }
            misfits.add();
            return null;
        }
        try {
            long whole = decimal.longValueExact();
            if (type instanceof LongType) {
                return whole;
            }
            if (type instanceof IntegerType && whole == (int) whole) {
                return (int) whole;
            }
            if (type instanceof ShortType && whole == (short) whole) {
                return (short) whole;
            }
            if (type instanceof ByteType && whole == (byte) whole) {
                return (byte) whole;
            }
        } catch (ArithmeticException e) {
            // a fraction or beyond 64 bits: not representable in this column
        }
        misfits.add();
        return null;
    }

    /** A value as text for a string column: S as is, N as its digits, B as base64, the rest as DynamoDB JSON. */
    static String text(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s();
            case N -> value.n();
            case BOOL -> value.bool().toString();
            case B -> Base64.getEncoder().encodeToString(value.b().asByteArray());
            default -> AttributeValues.toJsonText(DynamoJson.value(value));
        };
    }

    /** An item as plain JSON (the reference's find output): numbers exact, sets as arrays, binary as base64. */
    public static ObjectNode plainJson(Map<String, AttributeValue> item) {
        ObjectNode object = NODES.objectNode();
        item.forEach((name, value) -> object.set(name, plain(value)));
        return object;
    }

    /** One value as plain JSON. */
    public static JsonNode plain(AttributeValue value) {
        switch (value.type()) {
            case S:
                return NODES.textNode(value.s());
            case N:
                return NODES.numberNode(new BigDecimal(value.n()));
            case B:
                return NODES.textNode(Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL:
                return NODES.booleanNode(value.bool());
            case NUL:
                return NODES.nullNode();
            case SS: {
                ArrayNode array = NODES.arrayNode();
                value.ss().forEach(array::add);
                return array;
            }
            case NS: {
                ArrayNode array = NODES.arrayNode();
                value.ns().forEach(n -> array.add(new BigDecimal(n)));
                return array;
            }
            case BS: {
                ArrayNode array = NODES.arrayNode();
                value.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
                return array;
            }
            case L: {
                ArrayNode array = NODES.arrayNode();
                value.l().forEach(member -> array.add(plain(member)));
                return array;
            }
            case M:
                return plainJson(value.m());
            default:
                throw new IllegalArgumentException("unknown attribute type " + value.type());
        }
    }
}
