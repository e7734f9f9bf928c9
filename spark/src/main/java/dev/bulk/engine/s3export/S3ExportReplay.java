package dev.bulk.engine.s3export;

import dev.bulk.dynamo.BatchWriter;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.FailureSink;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.engine.MutationAction;
import dev.bulk.scripts.ExportChange;
import dev.bulk.scripts.ExportTransform;
import dev.bulk.scripts.ScriptRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Replays the records of a DynamoDB export to S3 onto a table: load-export's and revert-export's
 * action, fed the lines of one data file of the export: each record is parsed,
 * passed through the optional transform, reverted (revert-export: the old image becomes the new
 * one), and resolved to a BatchWriteItem put of its new image or a delete of its keys.
 *
 * <p>Order: puts and deletes go out in chunks that may be in flight together, so two writes of
 * one key in a file could land in either order. DynamoDB's exports hold one record per key (a
 * full export one item per key; an incremental export the net change of each key over its
 * window), so this holds unless a transform fans out to the same key twice.
 *
 * <p>Counts: a record the transform skips is one "skipped"; a record it (or parsing) fails on
 * is one "failed" with its key in the failure file; every record it produces is one write,
 * confirmed by DynamoDB or in the failure file.
 */
public record S3ExportReplay(MutationAction.Target target, boolean incremental, boolean revert, ScriptRef transform)
        implements MutationAction {
    private static final long serialVersionUID = 1L;

    @Override
    public Sink open(FailureSink failures) {
        ExportTransform instance = null;
        if (transform != null) {
            instance = transform.newInstance(ExportTransform.class);
            instance.open(target.keys().names());
        }
        return new RecordSink(this, instance, failures);
    }

    /** The records a transform makes of one (the record itself without one). */
    public static List<ExportChange> transformed(ExportTransform transform, ExportChange record, boolean incremental,
            KeySchema keys) {
        if (transform == null) {
            return List.of(record);
        }
        if (incremental) {
            return requireList(transform.transformIncremental(record));
        }
        List<ExportChange> changes = new ArrayList<>();
        for (Map<String, AttributeValue> item : requireList(transform.transformFull(record.newImage()))) {
            if (item == null) {
                throw new IllegalStateException("the transform returned a null item");
            }
            changes.add(new ExportChange(S3ExportRecords.presentKeys(item, keys), item, null, null));
        }
        return changes;
    }

    private static <T> List<T> requireList(List<T> list) {
        if (list == null) {
            throw new IllegalStateException("the transform returned null (return an empty list to skip a record)");
        }
        return list;
    }

    private static final class RecordSink implements LineSink {
        private final S3ExportReplay action;
        private final ExportTransform transform;
        private final FailureSink failures;
        private final KeySchema keys;
        private final BatchWriter writer;
        private long line;
        private long skipped;
        private long failedHere;
        private long wouldWrite;

        RecordSink(S3ExportReplay action, ExportTransform transform, FailureSink failures) {
            this.action = action;
            this.transform = transform;
            this.failures = failures;
            this.keys = action.target().keys();
            MutationAction.Target target = action.target();
            this.writer = target.dryRun() ? null : BatchWriter.create(DynamoClients.get(target.settings()), target.table(), keys,
                    target.budget().limiter(), failures, Math.max(1, target.threads()));
        }

        @Override
        public long acceptLine(String text) throws InterruptedException {
            line++;
            ExportChange record;
            try {
                record = S3ExportRecords.parse(text, action.incremental(), keys);
            } catch (RuntimeException e) {
                fail("parse", Map.of(), "line " + line + " of the data file is not an export record: " + e.getMessage());
                return 1;
            }
            List<ExportChange> changes;
            try {
                changes = transformed(transform, record, action.incremental(), keys);
            } catch (RuntimeException e) {
                fail("transform", record.keys(), "the transform threw " + e);
                return 1;
            }
            if (changes.isEmpty()) {
                skipped++;
                return 1;
            }
            for (ExportChange change : changes) {
                write(action.revert() ? change.withNewImage(change.oldImage()) : change);
            }
            return changes.size();
        }

        private void write(ExportChange change) throws InterruptedException {
            if (change == null) {
                fail("transform", Map.of(), "the transform returned a null record");
                return;
            }
            if (!change.isDelete()) {
                String problem = keys.problemWith(change.newImage());
                if (problem != null) {
                    fail("put", change.newImage(), problem);
                } else if (writer == null) {
                    wouldWrite++;
                } else {
                    writer.put(change.newImage());
                }
                return;
            }
            String problem = S3ExportRecords.keyProblem(change, true, keys);
            if (problem != null) {
                fail("delete", change.keys(), problem);
            } else if (writer == null) {
                wouldWrite++;
            } else {
                writer.delete(change.keys());
            }
        }

        private void fail(String operation, Map<String, AttributeValue> item, String error) {
            failures.record(operation, item, error);
            failedHere++;
        }

        @Override
        public void accept(Map<String, AttributeValue> item) {
            throw new UnsupportedOperationException("an export's records arrive as lines");
        }

        @Override
        public Result finish() throws InterruptedException {
            if (writer == null) {
                return new Result(wouldWrite, skipped, 0, failedHere, 0);
            }
            writer.flush();
            BatchWriter.Stats stats = writer.stats();
            return new Result(stats.written(), skipped, 0, stats.failed() + failedHere, stats.consumedUnits());
        }

        /**
         * What DynamoDB confirmed so far, for the unit's journal: without it a stopped run's unit
         * counted as nothing written, whatever its writer had already written.
         */
        @Override
        public Result confirmed() {
            if (writer == null) {
                return new Result(0, 0, 0, 0, 0);
            }
            BatchWriter.Stats stats = writer.stats();
            return new Result(stats.written(), skipped, 0, stats.failed() + failedHere, stats.consumedUnits());
        }

        @Override
        public void close() throws InterruptedException {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
