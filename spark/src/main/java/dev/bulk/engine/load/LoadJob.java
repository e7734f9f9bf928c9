package dev.bulk.engine.load;

import dev.bulk.connector.LoadValues;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.FailureFile;
import dev.bulk.engine.LiveProgress;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.UnitJournal;
import dev.bulk.output.RowFailures;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The job of load: the records of the input files, each refused (to the failure file, with its
 * file and row) or written. A plain load feeds each partition's items to BatchWriteItem puts as
 * they are read (one pass, no staging); --merge-latest first keeps the newest record per key
 * (a shuffle), then writes each with a condition (see {@link MergeLatestSink}).
 */
public final class LoadJob {
    private static final Logger LOG = LoggerFactory.getLogger(LoadJob.class);
    private static final Pattern PART = Pattern.compile("(load|rows)-p(\\d+)-a(\\d+)\\.jsonl");

    /**
     * Everything the tasks need, as plain data.
     *
     * @param orderColumn --merge-latest's column (null: a plain load)
     * @param deleteFlag --delete-flag's column (null: none)
     */
    public record Spec(MutationAction.Target target, boolean removeEmptyStrings, FailureFile.Location failures,
            String progressKey, String orderColumn, String deleteFlag) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What a load did. {@code written}: puts DynamoDB confirmed (or, in a dry run, would send);
     * {@code deleted}: --delete-flag deletes confirmed; {@code notNewer}: merge writes whose
     * condition failed; {@code superseded}: records dropped for a newer one of the same key.
     */
    public record Counts(long rows, long refused, long written, long deleted, long notNewer, long failed, long superseded,
            double writeUnits) implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

        Counts plus(Counts o) {
            return new Counts(rows + o.rows, refused + o.refused, written + o.written, deleted + o.deleted,
                    notNewer + o.notNewer, failed + o.failed, superseded + o.superseded, writeUnits + o.writeUnits);
        }
    }

    /** One task's counts, and which attempt of which partition made them (to drop failed attempts' files). */
    record TaskResult(int partition, int attempt, Counts counts) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private LoadJob() {
    }

    /** Runs the load; a dry run reads and checks every record and writes nothing. */
    public static Counts run(SparkSession spark, LoadSpec source, Spec spec) {
        JavaRDD<Parsed> parsed = LoadSource.read(spark, source);
        List<TaskResult> results;
        if (spec.orderColumn() == null) {
            results = parsed.mapPartitions(new PutTask(spec)).collect();
        } else {
            int partitions = Math.max(spark.sparkContext().defaultParallelism(), parsed.getNumPartitions());
            results = parsed.mapPartitionsToPair(new ToCandidates(spec, source))
                    .reduceByKey(Candidate::newer, partitions)
                    .values()
                    .mapPartitions(new MergeTask(spec))
                    .collect();
        }
        Counts total = Counts.ZERO;
        Set<String> succeeded = new HashSet<>();
        for (TaskResult result : results) {
            total = total.plus(result.counts());
            succeeded.add(result.partition() + "-" + result.attempt());
        }
        dropFailedAttempts(spec.failures().directory(), succeeded);
        return total;
    }

    /**
     * What a stopped load (Ctrl-C, --XTimeout, a failed task) had DynamoDB confirm, from its tasks'
     * journals in {@code runDir} (the attempts started since {@code sinceMillis}); call it once the
     * cancelled tasks have written their last entries.
     */
    public static Counts confirmed(Path runDir, long sinceMillis) {
        return LoadJournal.confirmed(runDir, sinceMillis);
    }

    /** Removes failure files of task attempts that did not succeed (a retried attempt wrote its own). */
    private static void dropFailedAttempts(String directory, Set<String> succeeded) {
        Path dir = Paths.get(directory).resolve("failures");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher matcher = PART.matcher(file.getFileName().toString());
                if (matcher.matches() && !succeeded.contains(Integer.parseInt(matcher.group(2)) + "-" + matcher.group(3))) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not tidy the failure files of retried tasks: {}", e.getMessage());
        }
    }

    static String part(String kind, int partition, int attempt) {
        return String.format("%s-p%05d-a%d", kind, partition, attempt);
    }

    /**
     * The item of a record, ready to write (keys of the table's types, empty strings dropped when
     * asked), or why it cannot be written.
     */
    static String prepare(Parsed record, Spec spec) {
        if (record.error() != null) {
            return record.error();
        }
        if (spec.removeEmptyStrings()) {
            LoadValues.removeEmptyStrings(record.item());
        }
        return LoadValues.coerceKeys(record.item(), spec.target().keys());
    }

    /** A plain load's task: puts of its partition's items as they are read. */
    static final class PutTask implements FlatMapFunction<Iterator<Parsed>, TaskResult> {
        private static final long serialVersionUID = 1L;
        private final Spec spec;

        PutTask(Spec spec) {
            this.spec = spec;
        }

        @Override
        public Iterator<TaskResult> call(Iterator<Parsed> records) throws Exception {
            TaskContext task = TaskContext.get();
            int partition = task == null ? 0 : task.partitionId();
            int attempt = task == null ? 0 : task.attemptNumber();
            long[] rows = {0};
            long[] refused = {0};
            MutationAction.Sink[] opened = {null};
            UnitJournal.Attempt journal = LoadJournal.puts(spec, partition, attempt,
                    () -> opened[0] == null ? null : journaled(rows[0], refused[0], opened[0].confirmed()));
            Counts counts = null;
            try (FailureFile failures = spec.failures().open(part("load", partition, attempt));
                    RowFailures refusals = new RowFailures(spec.failures(), part("rows", partition, attempt));
                    MutationAction.Sink sink = MutationAction.put(spec.target()).open(failures)) {
                opened[0] = sink;
                while (records.hasNext()) {
                    Parsed record = records.next();
                    rows[0]++;
                    String problem = prepare(record, spec);
                    if (problem != null) {
                        refusals.record(record.file(), record.row(), record.line(), problem, record.text(), record.item());
                        refused[0]++;
                    } else {
                        sink.accept(record.item());
                    }
                    if ((rows[0] & 255) == 0) {
                        LiveProgress.add(spec.progressKey(), 256, 0);
                        if (Thread.currentThread().isInterrupted()) {
                            throw new InterruptedException("load task interrupted");
                        }
                    }
                }
                MutationAction.Result result = sink.finish();
                LiveProgress.add(spec.progressKey(), rows[0] & 255, 0);
                if (result.done() + result.failed() + refused[0] != rows[0]) {
                    throw new IllegalStateException(String.format("load accounting mismatch: %d written + %d failed + %d refused "
                            + "!= %d rows", result.done(), result.failed(), refused[0], rows[0]));
                }
                counts = new Counts(rows[0], refused[0], result.done(), 0, 0, result.failed(), 0, result.writeUnits());
                return List.of(new TaskResult(partition, attempt, counts)).iterator();
            } finally {
                // After the sink closed (its writers done, or cancelled with what they had confirmed), however the task ended.
                MutationJob.Counts last = counts != null ? journaled(counts.rows(), counts.refused(), counts.written(), 0,
                        counts.failed(), counts.writeUnits()) : opened[0] == null ? null
                        : journaled(rows[0], refused[0], opened[0].confirmed());
                journal.write(last == null ? MutationJob.Counts.ZERO : last, true);
            }
        }
    }

    /** A put task's counts as the journal keeps them (see {@link LoadJournal}); null while the sink cannot tell. */
    private static MutationJob.Counts journaled(long rows, long refused, MutationAction.Result confirmed) {
        return confirmed == null ? null : journaled(rows, refused, confirmed.done(), confirmed.conditionFailed(),
                confirmed.failed(), confirmed.writeUnits());
    }

    static MutationJob.Counts journaled(long rows, long refused, long done, long notNewer, long failed, double writeUnits) {
        return new MutationJob.Counts(rows, done, refused, notNewer, failed, 0, writeUnits);
    }

    /**
     * A record on its way to the newest-per-key reduction: its order value, its item as DynamoDB
     * JSON (plain data for the shuffle), or, for a refused record, the reason.
     */
    record Candidate(String file, long row, long line, long rows, String orderType, String orderText, String item,
            boolean delete, String error, String text) implements Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * The newer of two records of one key: the greater order value (numbers before strings,
         * numbers by value, strings by their UTF-8 bytes as DynamoDB orders them); on a tie the
         * one later in the input (file path, then row) wins, as if the records were applied in order.
         */
        static Candidate newer(Candidate a, Candidate b) {
            int order = MergeLatestSink.compare(a.orderType, a.orderText, b.orderType, b.orderText);
            if (order == 0) {
                order = a.file.compareTo(b.file);
            }
            if (order == 0) {
                order = Long.compare(a.row, b.row);
            }
            Candidate winner = order > 0 ? a : b;
            return new Candidate(winner.file, winner.row, winner.line, a.rows + b.rows, winner.orderType, winner.orderText,
                    winner.item, winner.delete, winner.error, winner.text);
        }
    }

    /** Records → (key, candidate); a refused record gets a key of its own so it passes the reduction alone. */
    static final class ToCandidates implements PairFlatMapFunction<Iterator<Parsed>, String, Candidate> {
        private static final long serialVersionUID = 1L;
        private final Spec spec;

        ToCandidates(Spec spec, LoadSpec source) {
            this.spec = spec;
        }

        @Override
        public Iterator<Tuple2<String, Candidate>> call(Iterator<Parsed> records) {
            List<Tuple2<String, Candidate>> out = new ArrayList<>();
            while (records.hasNext()) {
                Parsed record = records.next();
                String problem = prepare(record, spec);
                AttributeValue order = record.item() == null ? null : record.item().get(spec.orderColumn());
                if (problem == null && (order == null || order.n() == null && order.s() == null)) {
                    problem = "--merge-latest column '" + spec.orderColumn() + "' must be a number or a string, the row has "
                            + (order == null ? "none" : order.type());
                }
                String itemText = record.item() == null ? null : AttributeValues.toJsonText(DynamoJson.item(record.item()));
                if (problem != null) {
                    out.add(new Tuple2<>("\u0000refused " + record.file() + "\u0000" + record.row(), new Candidate(record.file(),
                            record.row(), record.line(), 1, null, null, itemText, false, problem, record.text())));
                    continue;
                }
                boolean delete = spec.deleteFlag() != null && MergeLatestSink.flagged(record.item().get(spec.deleteFlag()));
                String key = AttributeValues.toJsonText(DynamoJson.item(spec.target().keys().keyOf(record.item())));
                out.add(new Tuple2<>(key, new Candidate(record.file(), record.row(), record.line(), 1, order.n() != null ? "N" : "S",
                        order.n() != null ? order.n() : order.s(), itemText, delete, null, null)));
            }
            return out.iterator();
        }
    }

    /** The newest record of each key, written with its condition. */
    static final class MergeTask implements FlatMapFunction<Iterator<Candidate>, TaskResult> {
        private static final long serialVersionUID = 1L;
        private final Spec spec;

        MergeTask(Spec spec) {
            this.spec = spec;
        }

        @Override
        public Iterator<TaskResult> call(Iterator<Candidate> candidates) throws Exception {
            TaskContext task = TaskContext.get();
            int partition = task == null ? 0 : task.partitionId();
            int attempt = task == null ? 0 : task.attemptNumber();
            long rows = 0;
            long refused = 0;
            long keys = 0;
            MergeLatestSink[] opened = {null};
            UnitJournal.Attempt putJournal = LoadJournal.puts(spec, partition, attempt,
                    () -> opened[0] == null ? null : opened[0].confirmedPuts());
            UnitJournal.Attempt deleteJournal = LoadJournal.deletes(spec, partition, attempt,
                    () -> opened[0] == null ? null : opened[0].confirmedDeletes());
            try (FailureFile failures = spec.failures().open(part("load", partition, attempt));
                    RowFailures refusals = new RowFailures(spec.failures(), part("rows", partition, attempt));
                    MergeLatestSink sink = new MergeLatestSink(spec.target(), spec.orderColumn(), spec.deleteFlag(), failures)) {
                opened[0] = sink;
                while (candidates.hasNext()) {
                    Candidate candidate = candidates.next();
                    rows += candidate.rows();
                    Map<String, AttributeValue> item = candidate.item() == null ? null
                            : DynamoJson.parseItem(AttributeValues.parseJson(candidate.item()));
                    if (candidate.error() != null) {
                        refusals.record(candidate.file(), candidate.row(), candidate.line(), candidate.error(), candidate.text(),
                                item);
                        refused++;
                    } else {
                        keys++;
                        sink.accept(item, candidate.delete());
                    }
                    LiveProgress.add(spec.progressKey(), candidate.rows(), 0);
                }
                MergeLatestSink.Result result = sink.finish();
                if (result.written() + result.deleted() + result.notNewer() + result.failed() != keys) {
                    throw new IllegalStateException(String.format("merge accounting mismatch: %s != %d keys", result, keys));
                }
                Counts counts = new Counts(rows, refused, result.written(), result.deleted(), result.notNewer(), result.failed(),
                        rows - refused - keys, result.writeUnits());
                return List.of(new TaskResult(partition, attempt, counts)).iterator();
            } finally {
                // The writers are closed here: what they confirmed is final. (Rows and refusals of a stopped merge are not
                // journaled: its count is of writes.)
                MergeLatestSink sink = opened[0];
                putJournal.write(sink == null ? MutationJob.Counts.ZERO : sink.confirmedPuts(), true);
                deleteJournal.write(sink == null ? MutationJob.Counts.ZERO : sink.confirmedDeletes(), true);
            }
        }
    }
}
