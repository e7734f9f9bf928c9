package dev.bulk.connector;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.types.StructType;

/**
 * What every write task needs, as plain data shipped to the executors: the table and its budget,
 * the condition, where failures are listed, and the rows' schema. Clients are built on the executor.
 *
 * @param failurePath folder for the failure files, or null to fail a task that could not write a row
 * @param progressKey key of the calling program's {@link JobHooks}, or null
 */
record DynamoDbWriterFactory(ItemPutter.Target target, ItemPutter.Condition condition, String failurePath,
        String progressKey, StructType rows) implements DataWriterFactory, Serializable {
    private static final long serialVersionUID = 1L;

    DynamoDbWriterFactory {
        Objects.requireNonNull(target, "target is null");
        Objects.requireNonNull(condition, "condition is null");
        Objects.requireNonNull(rows, "rows is null");
    }

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
        return new DynamoDbDataWriter(this, partitionId, taskId);
    }
}
