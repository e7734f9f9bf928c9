package dev.bulk.engine;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.FailureFile;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentScanner;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one job behind delete, truncate, update and copy: items come from the segments of a
 * parallel scan or from staged files (the matches of a --where, written by a first pass), each
 * item goes to the verb's {@link MutationAction}, and each Spark partition is one resumable unit:
 * when its task succeeds, the driver writes a checkpoint ({@link Checkpoints}), and a resumed run
 * leaves checkpointed units out.
 */
public final class MutationJob {
    /**
     * What a unit (or a whole run) did; units are DynamoDB's reported capacity units.
     * {@code replyLost} is the part of {@code done} confirmed by reading the item after a lost reply,
     * {@code outcomeUnknown} the part of {@code failed} that may or may not have been applied.
     */
    public record Counts(long processed, long done, long skipped, long conditionFailed, long failed, double readUnits,
            double writeUnits, long replyLost, long outcomeUnknown) implements Serializable {
        private static final long serialVersionUID = 1L;
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0);

        public Counts(long processed, long done, long skipped, long conditionFailed, long failed, double readUnits,
                double writeUnits) {
            this(processed, done, skipped, conditionFailed, failed, readUnits, writeUnits, 0, 0);
        }

        public Counts plus(Counts other) {
            return new Counts(processed + other.processed, done + other.done, skipped + other.skipped,
                    conditionFailed + other.conditionFailed, failed + other.failed, readUnits + other.readUnits,
                    writeUnits + other.writeUnits, replyLost + other.replyLost, outcomeUnknown + other.outcomeUnknown);
        }
    }

    /**
     * One resumable unit: a group of scan segments or one staged file. {@code id} is stable across
     * runs of the same plan and names the unit's checkpoint.
     */
    public record Unit(String id, List<Integer> segments, String file) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Everything the tasks need, as plain data.
     *
     * @param scan the scan for segment units (null when every unit is a staged file)
     * @param readBudget the read budget of the scan (null for staged files)
     * @param shuffle feed each page's items in random order (copy: the target is not written in key-hash order)
     */
    public record Spec(ClientSettings readSettings, ScanSpec scan, Budget readBudget, MutationAction action,
            FailureFile.Location failures, String progressKey, boolean shuffle, Map<String, String> fsSettings)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The accumulators a task adds its counts to; the checkpoint listener reads a task's updates of them. */
    public static final class Accumulators implements Serializable {
        private static final long serialVersionUID = 1L;
        final LongAccumulator processed;
        final LongAccumulator done;
        final LongAccumulator skipped;
        final LongAccumulator conditionFailed;
        final LongAccumulator failed;
        final LongAccumulator readMilli;
        final LongAccumulator writeMilli;
        final LongAccumulator replyLost;
        final LongAccumulator outcomeUnknown;
        /** Units finished: never zero for a task that ran a unit, so its absence means Spark dropped the task's updates. */
        final LongAccumulator units;

        public Accumulators(SparkSession spark) {
            org.apache.spark.SparkContext context = spark.sparkContext();
            processed = context.longAccumulator("bulk.processed");
            done = context.longAccumulator("bulk.done");
            skipped = context.longAccumulator("bulk.skipped");
            conditionFailed = context.longAccumulator("bulk.conditionFailed");
            failed = context.longAccumulator("bulk.failed");
            readMilli = context.longAccumulator("bulk.readUnitsMilli");
            writeMilli = context.longAccumulator("bulk.writeUnitsMilli");
            replyLost = context.longAccumulator("bulk.replyLost");
            outcomeUnknown = context.longAccumulator("bulk.outcomeUnknown");
            units = context.longAccumulator("bulk.units");
        }

        public void add(Counts counts) {
            processed.add(counts.processed());
            done.add(counts.done());
            skipped.add(counts.skipped());
            conditionFailed.add(counts.conditionFailed());
            failed.add(counts.failed());
            readMilli.add(Math.round(counts.readUnits() * 1000));
            writeMilli.add(Math.round(counts.writeUnits() * 1000));
            replyLost.add(counts.replyLost());
            outcomeUnknown.add(counts.outcomeUnknown());
            units.add(1);
        }

        /**
         * Whether Spark applied a successful task's updates. It does not when the task's job was
         * cancelled (Ctrl-C, --XTimeout) before its success was handled: its counts are then unknown.
         */
        boolean applied(Map<Long, Long> updates) {
            return updates.containsKey(units.id());
        }

        /** The counts of one task, from the accumulator updates Spark reports when it ends. */
        Counts fromUpdates(Map<Long, Long> updates) {
            return new Counts(get(updates, processed), get(updates, done), get(updates, skipped), get(updates, conditionFailed),
                    get(updates, failed), get(updates, readMilli) / 1000.0, get(updates, writeMilli) / 1000.0,
                    get(updates, replyLost), get(updates, outcomeUnknown));
        }

        /** The counts of every task that finished so far (cancelled tasks are not in them). */
        public Counts totals() {
            return new Counts(processed.value(), done.value(), skipped.value(), conditionFailed.value(), failed.value(),
                    readMilli.value() / 1000.0, writeMilli.value() / 1000.0, replyLost.value(), outcomeUnknown.value());
        }

        private static long get(Map<Long, Long> updates, LongAccumulator accumulator) {
            return updates.getOrDefault(accumulator.id(), 0L);
        }
    }

    /** The counts of the units that finished so far on the direct engine, added up as each unit ends. */
    public static final class Tally {
        private Counts total = Counts.ZERO;

        public synchronized void add(Counts counts) {
            total = total.plus(counts);
        }

        public synchronized Counts totals() {
            return total;
        }
    }

    private MutationJob() {
    }

    /** Splits shuffled segments into units of at most {@code perUnit} segments each. */
    public static List<Unit> segmentUnits(List<Integer> shuffledSegments, int perUnit) {
        List<Unit> units = new ArrayList<>();
        for (int start = 0; start < shuffledSegments.size(); start += perUnit) {
            List<Integer> group = List.copyOf(shuffledSegments.subList(start, Math.min(shuffledSegments.size(), start + perUnit)));
            units.add(new Unit(String.format("s%06d", units.size()), group, null));
        }
        return units;
    }

    /** One unit per staged file, named after the file. */
    public static List<Unit> fileUnits(List<String> files) {
        List<Unit> units = new ArrayList<>();
        for (String file : files) {
            units.add(new Unit(String.format("f%06d", units.size()), null, file));
        }
        return units;
    }

    /**
     * Runs the units (one Spark partition each), checkpointing each as its task succeeds (no
     * checkpoints when {@code checkpoints} is null: a dry run).
     * Returns the counts of this run's units.
     */
    public static Counts run(SparkSession spark, Spec spec, List<Unit> units, Accumulators accumulators,
            Checkpoints checkpoints) {
        if (units.isEmpty()) {
            return Counts.ZERO;
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Unit> rdd = context.parallelize(units, units.size());
        Checkpoints.Listener listener = checkpoints == null ? null : checkpoints.listen(spark, rdd.id(), units, accumulators);
        try {
            Counts total = Counts.ZERO;
            for (Counts counts : rdd.mapPartitions(new UnitTask(spec, accumulators)).collect()) {
                total = total.plus(counts);
            }
            return total;
        } finally {
            if (listener != null) {
                listener.close();
            }
        }
    }

    /**
     * The same units on the direct engine: each a unit of the runner's pool, run by the same
     * {@link UnitTask#runUnit} a Spark task runs. No checkpoints when {@code checkpoints} is
     * null (a dry run). Returns the counts of this run's units.
     */
    public static Counts runDirect(DirectRunner runner, JobRunner.Job job, Spec spec, List<Unit> units, Tally tally,
            Checkpoints checkpoints) {
        return runUnitsDirect(runner, job, units, unit -> unit, (unit, index) ->
                UnitTask.runUnit(spec, unit, Checkpoints.failurePart(unit.id(), 0, index), 0, index), tally, checkpoints);
    }

    /** One part's work on the direct engine, at its index in the run's list of parts. */
    @FunctionalInterface
    public interface DirectUnit<P> {
        Counts run(P part, int index) throws Exception;
    }

    /**
     * What every job on the direct engine does with its parts: each runs as attempt 0 at its index
     * (the names a first Spark attempt uses, for its journal and failure file), its unit is
     * checkpointed as it ends (unless {@code checkpoints} is null), and its counts go to the tally
     * the progress line and a stopped run read. Returns the counts of the parts, summed.
     */
    public static <P> Counts runUnitsDirect(DirectRunner runner, JobRunner.Job job, List<P> parts, Function<P, Unit> unitOf,
            DirectUnit<P> body, Tally tally, Checkpoints checkpoints) {
        List<Integer> indexes = IntStream.range(0, parts.size()).boxed().toList();
        Counts total = Counts.ZERO;
        for (Counts counts : runner.run(job, indexes, index -> {
            P part = parts.get(index);
            Counts counts = body.run(part, index);
            if (checkpoints != null) {
                checkpoints.finished(unitOf.apply(part), 0, index, counts);
            }
            tally.add(counts);
            return counts;
        })) {
            total = total.plus(counts);
        }
        return total;
    }

    /** A task: its one unit's items through the action, then its counts. */
    static final class UnitTask implements FlatMapFunction<Iterator<Unit>, Counts> {
        private static final long serialVersionUID = 1L;
        private final Spec spec;
        private final Accumulators accumulators;

        UnitTask(Spec spec, Accumulators accumulators) {
            this.spec = spec;
            this.accumulators = accumulators;
        }

        @Override
        public Iterator<Counts> call(Iterator<Unit> units) throws Exception {
            TaskContext task = TaskContext.get();
            int partition = task == null ? 0 : task.partitionId();
            int attempt = task == null ? 0 : task.attemptNumber();
            List<Counts> results = new ArrayList<>();
            while (units.hasNext()) {
                Unit unit = units.next();
                Counts counts = runUnit(spec, unit, Checkpoints.failurePart(unit.id(), attempt, partition), attempt, partition);
                accumulators.add(counts);
                results.add(counts);
            }
            return results.iterator();
        }

        static Counts runUnit(Spec spec, Unit unit, String failurePart, int attempt, int partition) throws Exception {
            double[] readUnits = {0};
            long[] processed = {0};
            UnitJournal.Attempt journal = new UnitJournal.Attempt(spec.failures().directory(), unit.id(), attempt, partition);
            MutationAction.Sink[] opened = {null};
            Supplier<Counts> confirmed = () -> confirmedSoFar(opened[0], processed[0], readUnits[0]);
            Counts finished = null;
            try (FailureFile failures = spec.failures().open(failurePart);
                    MutationAction.Sink sink = spec.action().open(failures)) {
                opened[0] = sink;
                journal.follow(confirmed);
                if (unit.file() != null) {
                    StagedFiles.forEachLine(unit.file(), spec.fsSettings(), line -> {
                        if (line.isBlank()) {
                            return;
                        }
                        if (sink instanceof MutationAction.LineSink lines) {
                            processed[0] += lines.acceptLine(line);
                        } else {
                            sink.accept(DynamoJson.parseItem(AttributeValues.parseJson(line)));
                            processed[0]++;
                        }
                        if (Thread.currentThread().isInterrupted()) {
                            throw new InterruptedException("unit " + unit.id() + " interrupted");
                        }
                    });
                } else {
                    SegmentScanner scanner = new SegmentScanner(DynamoClients.get(spec.readSettings()), spec.readBudget().limiter());
                    for (int segment : unit.segments()) {
                        SegmentScanner.SegmentResult result = scanner.scan(spec.scan(), segment, (count, scanned, items) -> {
                            List<Map<String, AttributeValue>> page = items;
                            if (spec.shuffle()) {
                                page = new ArrayList<>(items);
                                Collections.shuffle(page);
                            }
                            try {
                                for (Map<String, AttributeValue> item : page) {
                                    sink.accept(item);
                                    processed[0]++;
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return false;
                            }
                            LiveProgress.add(spec.progressKey(), page.size(), 0);
                            return true;
                        });
                        readUnits[0] += result.consumedUnits();
                        if (Thread.currentThread().isInterrupted()) {
                            throw new InterruptedException("unit " + unit.id() + " interrupted");
                        }
                    }
                }
                MutationAction.Result result = sink.finish();
                if (result.done() + result.skipped() + result.conditionFailed() + result.failed() != processed[0]) {
                    // Every item must be confirmed, skipped, gone or in the failure file; anything else is a bug to stop on.
                    throw new IllegalStateException(String.format("unit %s accounting mismatch: %d done + %d skipped + "
                            + "%d condition failed + %d failed != %d items", unit.id(), result.done(), result.skipped(),
                            result.conditionFailed(), result.failed(), processed[0]));
                }
                if (unit.file() != null) {
                    LiveProgress.add(spec.progressKey(), processed[0], 0);
                }
                finished = new Counts(processed[0], result.done(), result.skipped(), result.conditionFailed(), result.failed(),
                        readUnits[0], result.writeUnits(), result.replyLost(), result.outcomeUnknown());
                return finished;
            } finally {
                // After the sink closed (its writers done or their items listed as failed), however the unit ended.
                Counts last = finished != null ? finished : confirmed.get();
                journal.write(last == null ? Counts.ZERO : last, true);
            }
        }

        /** What DynamoDB confirmed of a unit so far; null when the sink does not tell. */
        private static Counts confirmedSoFar(MutationAction.Sink sink, long processed, double readUnits) {
            MutationAction.Result result = sink == null ? null : sink.confirmed();
            if (result == null) {
                return null;
            }
            return new Counts(processed, result.done(), result.skipped(), result.conditionFailed(), result.failed(), readUnits,
                    result.writeUnits(), result.replyLost(), result.outcomeUnknown());
        }
    }
}
