package dev.bulk.connector;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.FailureFile;
import dev.bulk.dynamo.FailureSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One task's puts. A row that carries the exact item ({@link TypeMapping#ITEM_COLUMN}) is written
 * as that item; any other row is converted by its Spark types with load's rules
 * ({@link LoadValues}). A row without a usable key fails the task. Items DynamoDB would not take
 * are listed in the failure file when {@code failure.path} is set; without it the task fails
 * naming them, so no item is ever lost silently.
 */
final class DynamoDbDataWriter implements DataWriter<InternalRow> {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbDataWriter.class);
    private static final int LISTED_KEYS = 5;
    private static final int PROGRESS_EVERY = 256;

    private final DynamoDbWriterFactory spec;
    private final StructField[] fields;
    private final int itemIndex;
    private final Function1<Object, Object> toRow;
    private final FailureFile failureFile;
    private final FailedKeys failedKeys;
    private final ItemPutter putter;
    private final JobHooks hooks;
    private long rows;

    DynamoDbDataWriter(DynamoDbWriterFactory spec, int partitionId, long taskId) {
        this.spec = spec;
        this.fields = spec.rows().fields();
        this.itemIndex = spec.rows().getFieldIndex(TypeMapping.ITEM_COLUMN).isDefined()
                ? spec.rows().fieldIndex(TypeMapping.ITEM_COLUMN) : -1;
        this.toRow = CatalystTypeConverters.createToScalaConverter(spec.rows());
        this.failureFile = spec.failurePath() == null ? null
                : new FailureFile.Location(spec.failurePath(), spec.target().table()).open("write-" + partitionId + "-" + taskId);
        this.failedKeys = new FailedKeys(spec, failureFile);
        this.putter = new ItemPutter(spec.target(), spec.condition(), failedKeys);
        this.hooks = JobHooks.of(spec.progressKey());
    }

    @Override
    public void write(InternalRow row) throws IOException {
        Map<String, AttributeValue> item = item(row);
        String problem = LoadValues.coerceKeys(item, spec.target().keys());
        if (problem != null) {
            throw new IllegalArgumentException("a row cannot be written to table '" + spec.target().table() + "': " + problem
                    + " (the table's key: " + spec.target().keys().names() + "; the row's key columns: " + keyColumns(item) + ")");
        }
        try {
            putter.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("write interrupted");
        }
        if (++rows % PROGRESS_EVERY == 0) {
            hooks.onPage(PROGRESS_EVERY, 0);
        }
    }

    private Map<String, AttributeValue> item(InternalRow row) {
        if (itemIndex >= 0) {
            if (row.isNullAt(itemIndex)) {
                throw new IllegalArgumentException("a row's '" + TypeMapping.ITEM_COLUMN + "' is null: no item to write");
            }
            return DynamoJson.parseItem(AttributeValues.parseJson(row.getUTF8String(itemIndex).toString()));
        }
        return LoadValues.item((Row) toRow.apply(row), fields, fields.length);
    }

    private String keyColumns(Map<String, AttributeValue> item) {
        List<String> present = new ArrayList<>();
        for (String key : spec.target().keys().names()) {
            AttributeValue value = item.get(key);
            present.add(key + "=" + (value == null ? "(none)" : AttributeValues.toJsonText(DynamoJson.value(value))));
        }
        return String.join(", ", present);
    }

    @Override
    public WriterCommitMessage commit() throws IOException {
        ItemPutter.Counts result;
        try {
            result = putter.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("write interrupted before every put was confirmed");
        }
        hooks.onPage(rows % PROGRESS_EVERY, Math.round(result.writeUnits() * 1000));
        if (result.failed() > 0 && failureFile == null) {
            throw new IOException(String.format("%,d of %,d items could not be written to table '%s' (set option '%s' to list "
                    + "them and let the task succeed): %s", result.failed(), rows, spec.target().table(),
                    WriteOptions.FAILURE_PATH, failedKeys.listed()));
        }
        return new WriteCounts(result.done(), result.skipped(), result.failed(), result.writeUnits());
    }

    @Override
    public void abort() {
        ItemPutter.Counts confirmed = putter.confirmed();
        LOG.warn("write task aborted after {} rows: {} puts confirmed, {} skipped by the condition, {} failed; the other rows "
                + "were not confirmed (a retry puts them again)", rows, confirmed.done(), confirmed.skipped(), confirmed.failed());
    }

    @Override
    public void close() throws IOException {
        try {
            putter.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("write interrupted while closing");
        } finally {
            if (failureFile != null) {
                failureFile.close();
            }
        }
    }

    /** Keeps the keys of the first few failed items for the task's message; passes every one to the file, if any. */
    private static final class FailedKeys implements FailureSink {
        private final DynamoDbWriterFactory spec;
        private final FailureSink file;
        private final List<String> listed = new ArrayList<>();

        FailedKeys(DynamoDbWriterFactory spec, FailureSink file) {
            this.spec = spec;
            this.file = file;
        }

        @Override
        public synchronized void record(String operation, Map<String, AttributeValue> item, String error) {
            if (listed.size() < LISTED_KEYS) {
                listed.add(AttributeValues.toJsonText(DynamoJson.item(spec.target().keys().keyOf(item))) + ": " + error);
            }
            if (file != null) {
                file.record(operation, item, error);
            }
        }

        synchronized String listed() {
            return String.join("; ", listed);
        }
    }
}
