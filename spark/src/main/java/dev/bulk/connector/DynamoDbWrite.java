package dev.bulk.connector;

import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.RetryPolicy;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.Throughput;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned append of a DataFrame's rows to a table: checks the rows can carry the key, and on
 * the driver resolves the write budget the way the CLI does (the {@code writeRate} option, else
 * the table's ceiling) and logs it with where it came from.
 */
final class DynamoDbWrite implements WriteBuilder, Write {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbWrite.class);

    private final WriteOptions options;
    private final TableInfo table;
    private final StructType rows;

    DynamoDbWrite(WriteOptions options, TableInfo table, StructType rows) {
        this.options = options;
        this.table = table;
        this.rows = rows;
        check();
    }

    /** Rows either carry the exact item, or a column for every key attribute. */
    private void check() {
        if (rows.getFieldIndex(TypeMapping.ITEM_COLUMN).isDefined()) {
            if (!rows.apply(TypeMapping.ITEM_COLUMN).dataType().equals(DataTypes.StringType)) {
                throw new IllegalArgumentException("column '" + TypeMapping.ITEM_COLUMN + "' must be a string of DynamoDB JSON, got "
                        + rows.apply(TypeMapping.ITEM_COLUMN).dataType().simpleString());
            }
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String key : table.keySchema().names()) {
            if (rows.getFieldIndex(key).isEmpty()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("table '" + table.tableName() + "' needs the key column(s) " + missing
                    + " in every row; the rows have " + List.of(rows.fieldNames()));
        }
    }

    @Override
    public Write build() {
        return this;
    }

    @Override
    public String description() {
        return "DynamoDB puts into table '" + table.tableName() + "'";
    }

    @Override
    public BatchWrite toBatch() {
        SparkSession spark = SparkSession.active();
        Throughput rate = options.writeRate() != null
                ? Throughput.setBy(options.writeRate(), "option '" + WriteOptions.WRITE_RATE + "'")
                : Throughput.resolve(Throughput.Mode.WRITE, null, table, new DynamoSession(options.client()).tableLimits());
        LOG.info("{}: {}", table.tableName(), rate.describe(Throughput.Mode.WRITE));
        Budget budget = JobHooks.of(options.progressKey()).budget(spark,
                "write:" + options.table().apiName() + "@" + options.client().describe(), rate.rate());
        ItemPutter.Target target = new ItemPutter.Target(options.client(), options.table().apiName(), table.keySchema(),
                budget, options.threads(), false, RetryPolicy.ITEMS);
        return new DynamoDbBatchWrite(new DynamoDbWriterFactory(target, options.condition(), options.failurePath(),
                options.progressKey(), rows), table.tableName());
    }
}
