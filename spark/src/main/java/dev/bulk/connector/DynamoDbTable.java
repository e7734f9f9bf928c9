package dev.bulk.connector;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** A DynamoDB table (or index) as Spark sees it: readable in batch, with a fixed schema. */
final class DynamoDbTable implements SupportsRead {
    private final ReadOptions options;
    private final DynamoDbSource.Target target;
    private final StructType schema;

    DynamoDbTable(ReadOptions options, DynamoDbSource.Target target, StructType schema) {
        this.options = options;
        this.target = target;
        this.schema = schema;
    }

    @Override
    public String name() {
        return "dynamodb:" + target.info().tableName() + (options.index() == null ? "" : "/" + options.index());
    }

    @Override
    @SuppressWarnings("deprecation")
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
        return new DynamoDbScanBuilder(options, target.info(), target.queryKeys(), target.keyTypes(), schema);
    }
}
