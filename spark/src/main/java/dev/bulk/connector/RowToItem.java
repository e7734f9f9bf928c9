package dev.bulk.connector;

import java.math.BigDecimal;
import java.util.ArrayList;
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
 * A Spark row (a query result, not an item read from the table) as a DynamoDB item: strings → S,
 * numbers → N (decimals and integers exactly), booleans → BOOL, binary → B, arrays → L, structs
 * and maps → M, NULL → NULL. Dates and timestamps become their ISO text (S).
 */
public final class RowToItem {
    private RowToItem() {
    }

    public static Map<String, AttributeValue> item(Row row) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        StructField[] fields = row.schema().fields();
        for (int i = 0; i < fields.length; i++) {
            item.put(fields[i].name(), value(row.get(i), fields[i].dataType()));
        }
        return item;
    }

    /** One Spark value (as a Row holds it) as a DynamoDB value. */
    public static AttributeValue value(Object value, DataType type) {
        if (value == null) {
            return AttributeValue.fromNul(true);
        }
        if (value instanceof String text) {
            return AttributeValue.fromS(text);
        }
        if (value instanceof BigDecimal decimal) {
            return AttributeValue.fromN(decimal.toPlainString());
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                return AttributeValue.fromS(Double.toString(number));
            }
            return AttributeValue.fromN(BigDecimal.valueOf(number).toPlainString());
        }
        if (value instanceof Number number) {
            return AttributeValue.fromN(number.toString());
        }
        if (type instanceof BooleanType) {
            return AttributeValue.fromBool((Boolean) value);
        }
        if (type instanceof BinaryType) {
            return AttributeValue.fromB(SdkBytes.fromByteArray((byte[]) value));
        }
        if (type instanceof ArrayType array) {
            List<AttributeValue> members = new ArrayList<>();
            for (Object member : scala.collection.JavaConverters.seqAsJavaListConverter((scala.collection.Seq<?>) value).asJava()) {
                members.add(value(member, array.elementType()));
            }
            return AttributeValue.fromL(members);
        }
        if (type instanceof StructType) {
            return AttributeValue.fromM(item((Row) value));
        }
        if (type instanceof MapType map) {
            Map<String, AttributeValue> members = new LinkedHashMap<>();
            scala.collection.JavaConverters.mapAsJavaMapConverter((scala.collection.Map<?, ?>) value).asJava()
                    .forEach((k, v) -> members.put(String.valueOf(k), value(v, map.valueType())));
            return AttributeValue.fromM(members);
        }
        return AttributeValue.fromS(value.toString());
    }
}
