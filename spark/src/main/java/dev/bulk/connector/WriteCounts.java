package dev.bulk.connector;

import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * What one write task confirmed: items DynamoDB confirmed, items left alone because the
 * condition failed, items listed as failed, and the write units DynamoDB reported.
 */
public record WriteCounts(long written, long skipped, long failed, double writeUnits) implements WriterCommitMessage {
    private static final long serialVersionUID = 1L;

    /** The sum over the tasks' messages (a task that did not commit sends none: null). */
    static WriteCounts sum(WriterCommitMessage[] messages) {
        long written = 0;
        long skipped = 0;
        long failed = 0;
        double units = 0;
        for (WriterCommitMessage message : messages) {
            if (message instanceof WriteCounts counts) {
                written += counts.written();
                skipped += counts.skipped();
                failed += counts.failed();
                units += counts.writeUnits();
            }
        }
        return new WriteCounts(written, skipped, failed, units);
    }
}
