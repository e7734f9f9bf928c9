package dev.bulk.connector;

import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job side of a write: hands the tasks their factory and logs what they confirmed. A put is
 * idempotent, so a retried or speculative task may put the same items again: no commit
 * coordination is needed, and an abort has nothing to undo.
 */
final class DynamoDbBatchWrite implements BatchWrite {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbBatchWrite.class);

    private final DynamoDbWriterFactory factory;
    private final String table;

    DynamoDbBatchWrite(DynamoDbWriterFactory factory, String table) {
        this.factory = factory;
        this.table = table;
    }

    @Override
    public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
        return factory;
    }

    @Override
    public boolean useCommitCoordinator() {
        return false;
    }

    @Override
    public void commit(WriterCommitMessage[] messages) {
        WriteCounts total = WriteCounts.sum(messages);
        LOG.info("{}: wrote {} items, {} skipped by the condition, {} write units", table, total.written(), total.skipped(),
                total.writeUnits());
        if (total.failed() > 0) {
            LOG.warn("{}: {} items could not be written; they are listed under option '{}'", table, total.failed(),
                    WriteOptions.FAILURE_PATH);
        }
    }

    @Override
    public void abort(WriterCommitMessage[] messages) {
        WriteCounts confirmed = WriteCounts.sum(messages);
        LOG.warn("{}: the write was aborted; tasks that committed confirmed {} items ({} skipped, {} failed); the items of the "
                + "other tasks may or may not have been written (writing again puts the same items)",
                table, confirmed.written(), confirmed.skipped(), confirmed.failed());
    }
}
