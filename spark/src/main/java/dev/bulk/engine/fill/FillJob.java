package dev.bulk.engine.fill;

import dev.bulk.connector.JobHooks;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.BatchWriter;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.FailureFile;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.Limiter;
import dev.bulk.engine.Checkpoints;
import dev.bulk.engine.DirectRunner;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.LiveProgress;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.UnitJournal;
import dev.bulk.scripts.ItemGenerator;
import dev.bulk.scripts.ScriptRef;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes exactly N generated items: N is split into quotas, one resumable unit each; each task
 * makes items with its own generator instance until its quota is met (surplus of the last call
 * discarded) and writes them through the batch writer. Counts are what DynamoDB confirmed. Like
 * the other mutations, a task journals what it had confirmed as it goes and its unit is
 * checkpointed when it succeeds; a resumed fill skips finished units and gives an unfinished one
 * only the part of its quota its earlier attempts had not had confirmed (generators are random,
 * so redone items would be new items, not overwrites of the same keys).
 */
public final class FillJob {
    static final long ITEMS_PER_TASK = 5_000;
    static final int WRITERS_PER_TASK = 2;
    private static final int MAX_EMPTY_CALLS = 1_000;
    private static final int PROGRESS_EVERY = 250;

    /** A unit and the number of items this attempt at it writes. */
    public record Part(MutationJob.Unit unit, long quota) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Everything a task needs, as plain data. */
    public record Spec(ClientSettings settings, String table, KeySchema keys, ScriptRef generator, double writeRate,
            FailureFile.Location failures, String progressKey) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private FillJob() {
    }

    /** Splits n into quotas of at most ITEMS_PER_TASK, the remainder spread one each over the first quotas. */
    public static List<Long> quotas(long n) {
        long tasks = Math.max(1, (n + ITEMS_PER_TASK - 1) / ITEMS_PER_TASK);
        long base = n / tasks;
        long remainder = n % tasks;
        List<Long> quotas = new ArrayList<>();
        for (long i = 0; i < tasks; i++) {
            quotas.add(base + (i < remainder ? 1 : 0));
        }
        return quotas;
    }

    /** One unit per quota, in the order of {@link #quotas}. */
    public static List<MutationJob.Unit> units(long n) {
        List<MutationJob.Unit> units = new ArrayList<>();
        for (int i = 0; i < quotas(n).size(); i++) {
            units.add(new MutationJob.Unit(String.format("q%06d", i), null, null));
        }
        return units;
    }

    /**
     * Writes the parts (one Spark partition each), checkpointing each unit as its task succeeds.
     * Returns the counts of this run's attempts.
     */
    public static MutationJob.Counts run(SparkSession spark, Spec spec, List<Part> parts, MutationJob.Accumulators accumulators,
            LongAccumulator repeatedKeys, Checkpoints checkpoints) {
        if (parts.isEmpty()) {
            return MutationJob.Counts.ZERO;
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Through the run's hooks (when a job runner registered them), so the run's summary reports this budget.
        Budget budget = JobHooks.of(spec.progressKey()).budget(spark, budgetName(spec), spec.writeRate());
        JavaRDD<Part> rdd = context.parallelize(parts, parts.size());
        List<MutationJob.Unit> units = parts.stream().map(Part::unit).toList();
        try (Checkpoints.Listener listener = checkpoints.listen(spark, rdd.id(), units, accumulators)) {
            MutationJob.Counts total = MutationJob.Counts.ZERO;
            for (MutationJob.Counts counts : rdd.mapPartitions(new FillTask(spec, budget, accumulators, repeatedKeys)).collect()) {
                total = total.plus(counts);
            }
            return total;
        }
    }

    /** The budget every fill of this table draws on, by name (the run's summary reports it). */
    public static String budgetName(Spec spec) {
        return "write:" + spec.table() + "@" + spec.settings().describe();
    }

    /**
     * The same parts on the direct engine: each part a unit of the runner's pool (attempt 0 at its
     * index, the names a first Spark attempt uses), checkpointed as it finishes.
     */
    public static MutationJob.Counts runDirect(DirectRunner runner, JobRunner.Job job, Spec spec, List<Part> parts, Budget budget,
            MutationJob.Tally tally, LongAdder repeatedKeys, Checkpoints checkpoints) {
        return MutationJob.runUnitsDirect(runner, job, parts, Part::unit, (part, index) -> fill(spec, budget, part.quota(),
                Checkpoints.failurePart(part.unit().id(), 0, index),
                new UnitJournal.Attempt(spec.failures().directory(), part.unit().id(), 0, index), repeatedKeys::add),
                tally, checkpoints);
    }

    static final class FillTask implements FlatMapFunction<Iterator<Part>, MutationJob.Counts> {
        private static final long serialVersionUID = 1L;
        private final Spec spec;
        private final Budget budget;
        private final MutationJob.Accumulators accumulators;
        private final LongAccumulator repeatedKeys;

        FillTask(Spec spec, Budget budget, MutationJob.Accumulators accumulators, LongAccumulator repeatedKeys) {
            this.spec = spec;
            this.budget = budget;
            this.accumulators = accumulators;
            this.repeatedKeys = repeatedKeys;
        }

        @Override
        public Iterator<MutationJob.Counts> call(Iterator<Part> parts) throws Exception {
            List<MutationJob.Counts> results = new ArrayList<>();
            TaskContext task = TaskContext.get();
            int partition = task == null ? 0 : task.partitionId();
            int attempt = task == null ? 0 : task.attemptNumber();
            while (parts.hasNext()) {
                Part part = parts.next();
                UnitJournal.Attempt journal = new UnitJournal.Attempt(spec.failures().directory(), part.unit().id(), attempt,
                        partition);
                MutationJob.Counts counts = fill(spec, budget, part.quota(),
                        Checkpoints.failurePart(part.unit().id(), attempt, partition), journal, repeatedKeys::add);
                accumulators.add(counts);
                results.add(counts);
            }
            return results.iterator();
        }
    }

    /**
     * One unit: items from a new generator instance until the quota is met, through the batch
     * writer; every item confirmed or in the failure file, journaled as it goes. Shared by the
     * Spark task and the direct engine.
     */
    static MutationJob.Counts fill(Spec spec, Budget budget, long quota, String part, UnitJournal.Attempt journal,
            LongConsumer repeatedKeys) throws InterruptedException {
        ItemGenerator generator = spec.generator().newInstance(ItemGenerator.class);
        Limiter limiter = budget.limiter();
        Set<Map<String, AttributeValue>> keysSeen = new HashSet<>();
        long repeated = 0;
        long[] produced = {0};
        long[] invalid = {0};
        BatchWriter[] opened = {null};
        Supplier<MutationJob.Counts> confirmed = () -> counts(produced[0], opened[0].stats(), invalid[0]);
        MutationJob.Counts finished = null;
        BatchWriter.Stats reported = new BatchWriter.Stats(0, 0, 0, 0);
        try (FailureFile failures = spec.failures().open(part);
                BatchWriter writer = BatchWriter.create(DynamoClients.get(spec.settings()), spec.table(), spec.keys(),
                        limiter, failures, WRITERS_PER_TASK)) {
            opened[0] = writer;
            journal.follow(confirmed);
            int emptyCalls = 0;
            while (produced[0] < quota) {
                List<Map<String, AttributeValue>> batch = Generated.items(generator.generate());
                emptyCalls = batch.isEmpty() ? emptyCalls + 1 : 0;
                if (emptyCalls >= MAX_EMPTY_CALLS) {
                    throw new IllegalStateException("the generator returned no items " + MAX_EMPTY_CALLS + " times in a row");
                }
                for (Map<String, AttributeValue> item : batch) {
                    if (produced[0] == quota) {
                        break;
                    }
                    produced[0]++;
                    String problem = spec.keys().problemWith(item);
                    if (problem != null) {
                        failures.record("put", item, problem);
                        invalid[0]++;
                        continue;
                    }
                    Map<String, AttributeValue> key = spec.keys().keyOf(item);
                    if (!keysSeen.add(key)) {
                        repeated++;
                    }
                    writer.put(item, key);
                    if (produced[0] % PROGRESS_EVERY == 0) {
                        reported = reportProgress(spec.progressKey(), writer.stats(), reported);
                    }
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("fill task interrupted");
                }
            }
            writer.flush();
            BatchWriter.Stats stats = writer.stats();
            reportProgress(spec.progressKey(), stats, reported);
            if (stats.written() + stats.failed() + invalid[0] != quota) {
                // Every item must be confirmed or in the failure file; anything else is a bug to stop on.
                throw new IllegalStateException(String.format("fill task accounting mismatch: %d written + %d failed + "
                        + "%d invalid != %d items", stats.written(), stats.failed(), invalid[0], quota));
            }
            repeatedKeys.accept(repeated);
            finished = counts(produced[0], stats, invalid[0]);
            return finished;
        } finally {
            // After the writer closed (its items confirmed or listed as failed), however the task ended.
            MutationJob.Counts last = finished != null ? finished : opened[0] == null ? null : confirmed.get();
            journal.write(last == null ? MutationJob.Counts.ZERO : last, true);
        }
    }

    private static MutationJob.Counts counts(long produced, BatchWriter.Stats stats, long invalid) {
        return new MutationJob.Counts(produced, stats.written(), 0, 0, stats.failed() + invalid, 0, stats.consumedUnits());
    }

    /** Adds what was confirmed since the last report to the live progress; returns the new baseline. */
    private static BatchWriter.Stats reportProgress(String key, BatchWriter.Stats now, BatchWriter.Stats before) {
        LiveProgress.add(key, now.written() - before.written(),
                Math.round((now.consumedUnits() - before.consumedUnits()) * 1000));
        return now;
    }

    /** A generator's return value (one item or a list of items) as attribute maps. */
    public static final class Generated {
        private Generated() {
        }

        public static List<Map<String, AttributeValue>> items(Object generated) {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            if (generated == null) {
                return items;
            }
            if (generated instanceof Map<?, ?> single) {
                items.add(AttributeValues.itemFromJava(single));
                return items;
            }
            if (generated instanceof Iterable<?> many) {
                for (Object element : many) {
                    if (!(element instanceof Map<?, ?> map)) {
                        throw new IllegalArgumentException("a generator's list must hold item maps, found "
                                + (element == null ? "null" : element.getClass().getName()));
                    }
                    items.add(AttributeValues.itemFromJava(map));
                }
                return items;
            }
            throw new IllegalArgumentException("a generator must return an item map or a list of them, returned "
                    + generated.getClass().getName());
        }
    }
}
