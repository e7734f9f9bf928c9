package dev.bulk.output;

import dev.bulk.connector.RowToItem;
import dev.bulk.connector.TypeMapping;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes a result in one pass: the rows go to files in the chosen format while each task keeps
 * its first rows as JSON for the console preview (so the table is not read twice). The count
 * reported is what the written files hold, read back.
 *
 * <p>Rows that carry the exact item ({@link TypeMapping#ITEM_COLUMN}, as find's do) are written
 * from it: JSON with exact numbers, or DynamoDB JSON that reproduces the item. Other rows (sql
 * results) are written from their columns.
 */
public final class ResultWriter {
    public static final int PREVIEW_ROWS = 10;

    /** What was written: the row count read back from the files, the first rows as JSON, and where. */
    public record Written(long count, List<String> preview, String uri) {
    }

    private ResultWriter() {
    }

    public static Written write(SparkSession spark, Dataset<Row> result, ResultFormat format, String uri) {
        StructType schema = result.schema();
        int itemIndex = schema.getFieldIndex(TypeMapping.ITEM_COLUMN).isDefined() ? schema.fieldIndex(TypeMapping.ITEM_COLUMN) : -1;
        StructType outSchema = outputSchema(schema, format, itemIndex);
        CollectionAccumulator<String> preview = spark.sparkContext().collectionAccumulator("result preview");
        Dataset<Row> out = result.mapPartitions(new Convert(format, itemIndex, outSchema, preview), Encoders.row(outSchema));
        long count;
        switch (format) {
            case JSON, DDB_JSON -> {
                out.write().text(uri);
                count = spark.read().text(uri).count();
            }
            case CSV -> {
                out.write().option("header", "true").option("escape", "\"").csv(uri);
                count = spark.read().schema(outSchema).option("header", "true").option("escape", "\"").option("multiLine", "true")
                        .csv(uri).count();
            }
            default -> {
                out.write().parquet(uri);
                count = spark.read().schema(outSchema).parquet(uri).count();
            }
        }
        return new Written(count, firstRows(preview.value()), uri);
    }

    /** Entries are "partition|ordinal|json": the first rows of the lowest partitions, in order. */
    private static List<String> firstRows(List<String> entries) {
        List<String[]> parsed = new ArrayList<>();
        for (String entry : entries) {
            parsed.add(entry.split("\\|", 3));
        }
        parsed.sort(Comparator.<String[]>comparingInt(e -> Integer.parseInt(e[0])).thenComparingInt(e -> Integer.parseInt(e[1])));
        List<String> rows = new ArrayList<>();
        for (String[] entry : parsed) {
            if (rows.size() == PREVIEW_ROWS) {
                break;
            }
            rows.add(entry[2]);
        }
        return rows;
    }

    private static StructType outputSchema(StructType schema, ResultFormat format, int itemIndex) {
        if (format == ResultFormat.JSON || format == ResultFormat.DDB_JSON) {
            return new StructType(new StructField[] {DataTypes.createStructField("value", DataTypes.StringType, false)});
        }
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < schema.fields().length; i++) {
            if (i == itemIndex) {
                continue;
            }
            StructField field = schema.fields()[i];
            DataType type = asText(format, field.dataType()) ? DataTypes.StringType : field.dataType();
            fields.add(DataTypes.createStructField(field.name(), type, true));
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** Whether a column of this type is written as JSON text (base64 for binary in CSV) instead of its own type. */
    static boolean asText(ResultFormat format, DataType type) {
        return format == ResultFormat.CSV && !csvCanHold(type) || format == ResultFormat.PARQUET && !parquetCanHold(type);
    }

    private static boolean csvCanHold(DataType type) {
        return !(type instanceof ArrayType || type instanceof StructType || type instanceof MapType || type instanceof BinaryType);
    }

    /**
     * Parquet has no empty group: a struct with no fields (what an attribute that only ever held an
     * empty map infers to), at any depth, makes the whole write fail.
     */
    private static boolean parquetCanHold(DataType type) {
        if (type instanceof StructType struct) {
            if (struct.fields().length == 0) {
                return false;
            }
            for (StructField field : struct.fields()) {
                if (!parquetCanHold(field.dataType())) {
                    return false;
                }
            }
            return true;
        }
        if (type instanceof ArrayType array) {
            return parquetCanHold(array.elementType());
        }
        if (type instanceof MapType map) {
            return parquetCanHold(map.keyType()) && parquetCanHold(map.valueType());
        }
        return true;
    }

    /** The per-task conversion: plain data plus the preview accumulator. */
    private static final class Convert implements MapPartitionsFunction<Row, Row>, Serializable {
        private static final long serialVersionUID = 1L;
        private final ResultFormat format;
        private final int itemIndex;
        private final StructType outSchema;
        private final CollectionAccumulator<String> preview;

        Convert(ResultFormat format, int itemIndex, StructType outSchema, CollectionAccumulator<String> preview) {
            this.format = format;
            this.itemIndex = itemIndex;
            this.outSchema = outSchema;
            this.preview = preview;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            int partition = TaskContext.getPartitionId();
            return new Iterator<>() {
                private int ordinal;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row row = rows.next();
                    // The exact item is DynamoDB JSON text already: parsed only where plain JSON is wanted.
                    String itemText = itemIndex >= 0 ? row.getString(itemIndex) : null;
                    String json = null;
                    Row out = switch (format) {
                        case JSON -> RowFactory.create(json = plainJson(row, itemText));
                        case DDB_JSON -> RowFactory.create("{\"Item\":" + (itemText != null ? itemText
                                : AttributeValues.toJsonText(DynamoJson.item(RowToItem.item(row)))) + "}");
                        default -> columns(row);
                    };
                    if (ordinal < PREVIEW_ROWS) {
                        preview.add(partition + "|" + ordinal + "|" + (json != null ? json : plainJson(row, itemText)));
                    }
                    ordinal++;
                    return out;
                }
            };
        }

        private static String plainJson(Row row, String itemText) {
            if (itemText != null) {
                return AttributeValues.toJsonText(TypeMapping.plainJson(DynamoJson.parseItem(AttributeValues.parseJson(itemText))));
            }
            return AttributeValues.toJsonText(TypeMapping.plainJson(withoutNulls(RowToItem.item(row))));
        }

        private static Map<String, AttributeValue> withoutNulls(Map<String, AttributeValue> item) {
            Map<String, AttributeValue> present = new java.util.LinkedHashMap<>();
            item.forEach((name, value) -> {
                if (!Boolean.TRUE.equals(value.nul())) {
                    present.put(name, value);
                }
            });
            return present;
        }

        private Row columns(Row row) {
            Object[] values = new Object[outSchema.fields().length];
            int out = 0;
            for (int i = 0; i < row.length(); i++) {
                if (i == itemIndex) {
                    continue;
                }
                Object value = row.get(i);
                DataType type = row.schema().fields()[i].dataType();
                if (value != null && asText(format, type)) {
                    value = type instanceof BinaryType ? Base64.getEncoder().encodeToString((byte[]) value)
                            : AttributeValues.toJsonText(TypeMapping.plain(RowToItem.value(value, type)));
                }
                values[out++] = value;
            }
            return RowFactory.create(values);
        }
    }
}
