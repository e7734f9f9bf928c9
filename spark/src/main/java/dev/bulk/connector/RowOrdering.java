package dev.bulk.connector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.ByteArray;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The order of a pushed ORDER BY, on the reader's rows, exactly as Spark orders them (strings by
 * UTF-8 bytes, binary unsigned, doubles with NaN last and -0.0 = 0.0, nulls where asked), so the
 * rows a task keeps are rows Spark's own top-n would keep.
 */
final class RowOrdering implements Comparator<InternalRow> {
    private record Key(int[] ordinals, DataType[] types, boolean ascending, boolean nullsFirst) {
    }

    private final List<Key> keys = new ArrayList<>();

    RowOrdering(StructType schema, List<ReadPlan.SortKey> sortKeys) {
        for (ReadPlan.SortKey sortKey : sortKeys) {
            int[] ordinals = new int[sortKey.path().size()];
            DataType[] types = new DataType[ordinals.length];
            DataType type = schema;
            for (int i = 0; i < ordinals.length; i++) {
                StructType struct = (StructType) type;
                ordinals[i] = struct.fieldIndex(sortKey.path().get(i));
                type = struct.fields()[ordinals[i]].dataType();
                types[i] = type;
            }
            keys.add(new Key(ordinals, types, sortKey.ascending(), sortKey.nullsFirst()));
        }
    }

    @Override
    public int compare(InternalRow left, InternalRow right) {
        for (Key key : keys) {
            Object a = value(left, key);
            Object b = value(right, key);
            int result;
            if (a == null || b == null) {
                if (a == b) {
                    continue;
                }
                // nullsFirst is about the final order, whatever the direction
                return (a == null) == key.nullsFirst() ? -1 : 1;
            }
            result = compareValues(a, b, key.types()[key.types().length - 1]);
            if (result != 0) {
                return key.ascending() ? result : -result;
            }
        }
        return 0;
    }

    private static Object value(InternalRow row, Key key) {
        InternalRow current = row;
        for (int i = 0; i < key.ordinals().length; i++) {
            if (current == null || current.isNullAt(key.ordinals()[i])) {
                return null;
            }
            DataType type = key.types()[i];
            if (i < key.ordinals().length - 1) {
                current = current.getStruct(key.ordinals()[i], ((StructType) type).size());
            } else {
                return current.get(key.ordinals()[i], type);
            }
        }
        return null;
    }

    static int compareValues(Object a, Object b, DataType type) {
        if (type instanceof StringType) {
            return ((UTF8String) a).compareTo((UTF8String) b);
        }
        if (type instanceof LongType || type instanceof IntegerType) {
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (type instanceof DecimalType) {
            return ((Decimal) a).compare((Decimal) b);
        }
        if (type instanceof DoubleType) {
            double x = (Double) a;
            double y = (Double) b;
            return x == y ? 0 : Double.compare(x, y);
        }
        if (type instanceof BooleanType) {
            return Boolean.compare((Boolean) a, (Boolean) b);
        }
        if (type instanceof BinaryType) {
            return ByteArray.compareBinary((byte[]) a, (byte[]) b);
        }
        throw new IllegalArgumentException("cannot order " + type);
    }
}
