package dev.bulk.connector;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.connector.catalog.SupportsMetadataColumns;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A DynamoDB table (or index) as Spark sees it: readable in batch, with a fixed schema, and
 * writable in batch (appends: puts) with rows of any schema that carry the key. The exact
 * item ({@link TypeMapping#ITEM_COLUMN}) is a metadata column: {@code SELECT *} leaves it out, and
 * naming it reads it.
 */
final class DynamoDbTable implements SupportsRead, SupportsWrite, SupportsMetadataColumns {
    private final ReadOptions options;
    private final DynamoDbSource.Target target;
    /** The columns and the exact-item column: what a scan can return. */
    private final StructType schema;

    /** The options the table was opened with (a catalog's, or the reader's or writer's own). */
    private final Map<String, String> properties;

    DynamoDbTable(ReadOptions options, DynamoDbSource.Target target, StructType schema, Map<String, String> properties) {
        this.options = options;
        this.target = target;
        this.schema = schema;
        this.properties = Map.copyOf(properties);
    }

    @Override
    public String name() {
        return "dynamodb:" + target.info().tableName() + (options.index() == null ? "" : "/" + options.index());
    }

    @Override
    @SuppressWarnings("deprecation")
    public StructType schema() {
        return withoutItemColumn(schema);
    }

    @Override
    public MetadataColumn[] metadataColumns() {
        return new MetadataColumn[] {ItemColumn.INSTANCE};
    }

    static StructType withoutItemColumn(StructType schema) {
        List<StructField> fields = new ArrayList<>();
        for (StructField field : schema.fields()) {
            if (!field.name().equals(TypeMapping.ITEM_COLUMN)) {
                fields.add(field);
            }
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** The exact item as DynamoDB JSON text, present in every row. */
    private static final class ItemColumn implements MetadataColumn {
        static final ItemColumn INSTANCE = new ItemColumn();

        @Override
        public String name() {
            return TypeMapping.ITEM_COLUMN;
        }

        @Override
        public DataType dataType() {
            return DataTypes.StringType;
        }

        @Override
        public boolean isNullable() {
            return false;
        }

        @Override
        public String comment() {
            return "the item exactly as DynamoDB returned it, as DynamoDB JSON";
        }
    }

    @Override
    public Set<TableCapability> capabilities() {
        // Any schema: a row is an item, whatever its other columns; DynamoDbWrite checks the key columns.
        return EnumSet.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE, TableCapability.ACCEPT_ANY_SCHEMA);
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
        // A catalog's table carries the table and client options; the writer's own options add to them.
        Map<String, String> merged = new HashMap<>(properties);
        merged.putAll(info.options().asCaseSensitiveMap());
        return new DynamoDbWrite(WriteOptions.from(merged), target.info(), info.schema());
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
        return new DynamoDbScanBuilder(options, target.info(), target.queryKeys(), target.keyTypes(), schema);
    }
}
