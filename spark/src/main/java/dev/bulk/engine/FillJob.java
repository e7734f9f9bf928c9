package dev.bulk.engine;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.BatchWriter;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.Limiter;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.output.FailureFile;
import dev.bulk.scripts.ItemGenerator;
import dev.bulk.scripts.ScriptRef;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes exactly N generated items: N is split into task quotas; each task makes items with its
 * own generator instance until its quota is met (surplus of the last call discarded) and writes
 * them through the batch writer. Counts are what DynamoDB confirmed.
 */
public final class FillJob {
    static final long ITEMS_PER_TASK = 5_000;
    static final int WRITERS_PER_TASK = 2;
    private static final int MAX_EMPTY_CALLS = 1_000;
    private static final int PROGRESS_EVERY = 250;

    /** What one task did. */
    public record TaskResult(long written, long failed, long repeatedKeys, double consumedUnits) implements Serializable {
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

    public static List<TaskResult> run(SparkSession spark, Spec spec, long n, LongAccumulator written, LongAccumulator unitsMilli) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Long> quotas = quotas(n);
        Budget budget = JobBudgets.of(spark, "write:" + spec.table() + "@" + spec.settings().describe(), spec.writeRate());
        return context.parallelize(quotas, quotas.size()).mapPartitions(new FillTask(spec, budget, written, unitsMilli)).collect();
    }

    static final class FillTask implements FlatMapFunction<Iterator<Long>, TaskResult> {
        private static final long serialVersionUID = 1L;
        private final Spec spec;
        private final Budget budget;
        private final LongAccumulator written;
        private final LongAccumulator unitsMilli;

        FillTask(Spec spec, Budget budget, LongAccumulator written, LongAccumulator unitsMilli) {
            this.spec = spec;
            this.budget = budget;
            this.written = written;
            this.unitsMilli = unitsMilli;
        }

        @Override
        public Iterator<TaskResult> call(Iterator<Long> quotas) throws Exception {
            List<TaskResult> results = new ArrayList<>();
            TaskContext task = TaskContext.get();
            String part = "fill-" + (task == null ? 0 : task.partitionId()) + "-" + (task == null ? 0 : task.attemptNumber());
            while (quotas.hasNext()) {
                results.add(fill(quotas.next(), part));
            }
            return results.iterator();
        }

        private BatchWriter.Stats report(BatchWriter.Stats now, BatchWriter.Stats before) {
            return reportProgress(spec.progressKey(), now, before);
        }

        private TaskResult fill(long quota, String part) throws InterruptedException {
            ItemGenerator generator = spec.generator().newInstance(ItemGenerator.class);
            Limiter limiter = budget.limiter();
            Set<Map<String, AttributeValue>> keysSeen = new HashSet<>();
            long repeated = 0;
            long produced = 0;
            long invalid = 0;
            BatchWriter.Stats reported = new BatchWriter.Stats(0, 0, 0, 0);
            try (FailureFile failures = spec.failures().open(part);
                    BatchWriter writer = BatchWriter.create(DynamoClients.get(spec.settings()), spec.table(), spec.keys(),
                            limiter, failures, WRITERS_PER_TASK)) {
                int emptyCalls = 0;
                while (produced < quota) {
                    List<Map<String, AttributeValue>> batch = Generated.items(generator.generate());
                    emptyCalls = batch.isEmpty() ? emptyCalls + 1 : 0;
                    if (emptyCalls >= MAX_EMPTY_CALLS) {
                        throw new IllegalStateException("the generator returned no items " + MAX_EMPTY_CALLS + " times in a row");
                    }
                    for (Map<String, AttributeValue> item : batch) {
                        if (produced == quota) {
                            break;
                        }
                        produced++;
                        String problem = spec.keys().problemWith(item);
                        if (problem != null) {
                            failures.record("put", item, problem);
                            invalid++;
                            continue;
                        }
                        Map<String, AttributeValue> key = spec.keys().keyOf(item);
                        if (!keysSeen.add(key)) {
                            repeated++;
                        }
                        writer.put(item, key);
                        if (produced % PROGRESS_EVERY == 0) {
                            reported = report(writer.stats(), reported);
                        }
                    }
                }
                writer.flush();
                BatchWriter.Stats stats = writer.stats();
                report(stats, reported);
                if (stats.written() + stats.failed() + invalid != quota) {
                    // Every item must be confirmed or in the failure file; anything else is a bug to stop on.
                    throw new IllegalStateException(String.format("fill task accounting mismatch: %d written + %d failed + "
                            + "%d invalid != %d items", stats.written(), stats.failed(), invalid, quota));
                }
                written.add(stats.written());
                unitsMilli.add(Math.round(stats.consumedUnits() * 1000));
                return new TaskResult(stats.written(), stats.failed() + invalid, repeated, stats.consumedUnits());
            }
        }
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
