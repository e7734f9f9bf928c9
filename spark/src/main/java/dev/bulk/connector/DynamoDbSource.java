package dev.bulk.connector;

import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.TableInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code dynamodb} data source: {@code spark.read().format("dynamodb").option("table", "t").load()}.
 * Options are listed in {@link ReadOptions}; a schema given with {@code .schema(…)} replaces inference.
 */
public final class DynamoDbSource implements TableProvider, DataSourceRegister {
    public static final String NAME = "dynamodb";

    /** Spark calls inferSchema, then getTable, on the same instance with the same options: describe once. */
    private ReadOptions describedFor;
    private Target described;

    @Override
    public String shortName() {
        return NAME;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        ReadOptions read = ReadOptions.from(options);
        Target target = target(read);
        return SchemaInference.infer(read, target.info(), target.keyTypes());
    }

    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        ReadOptions read = ReadOptions.from(properties);
        Target target = target(read);
        boolean inferred = schema.getFieldIndex(TypeMapping.ITEM_COLUMN).isDefined();
        StructType effective = inferred ? schema : SchemaInference.withUserSchema(schema, target.keyTypes());
        return new DynamoDbTable(read, target, effective, properties);
    }

    private synchronized Target target(ReadOptions read) {
        if (described == null || !read.equals(describedFor)) {
            described = Target.describe(read);
            describedFor = read;
        }
        return described;
    }

    /**
     * What is read: the table or index description, the key attributes a Query would use (the
     * index's when reading an index), and the types of every key attribute (table and index).
     */
    record Target(TableInfo info, List<String> queryKeys, Map<String, String> keyTypes) {
        static Target describe(ReadOptions options) {
            DynamoSession session = new DynamoSession(options.client());
            TableInfo table = session.describe(options.table(), null);
            TableInfo info = options.index() == null ? table : session.describe(options.table(), options.index());
            Map<String, String> types = new LinkedHashMap<>();
            put(types, info.keySchema());
            put(types, table.keySchema());
            return new Target(info, new ArrayList<>(info.keySchema().names()), types);
        }

        private static void put(Map<String, String> types, KeySchema keys) {
            types.putIfAbsent(keys.partitionKey(), keys.partitionType());
            if (keys.sortKey() != null) {
                types.putIfAbsent(keys.sortKey(), keys.sortType());
            }
        }
    }
}
