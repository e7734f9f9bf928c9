package dev.bulk.engine.count;

import dev.bulk.connector.JobHooks;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentScanner;
import dev.bulk.engine.DirectRunner;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.LiveProgress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Counts segments of a parallel scan on Spark: one task per segment (up to a cap, then several
 * segments per task), each returning its segment's count and consumed units.
 */
public final class SegmentCountJob {
    private static final int MAX_PARTITIONS = 20_000;
    private static final int SEGMENTS_PER_PARTITION = 8;
    /** Segments a task scans at once. */
    public static final int THREADS_PER_TASK = 4;

    /** The per-segment outcome returned to the driver. */
    public record SegmentCount(int segment, long count, long scanned, double consumedUnits) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    private SegmentCountJob() {
    }

    public static List<SegmentCount> run(SparkSession spark, ClientSettings settings, ScanSpec spec, List<Integer> segments,
            double readRate, LongAccumulator counted, LongAccumulator unitsMilli, String progressKey) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // A few partitions per slot, each scanning its segments several at a time: DynamoDB answers
        // many small requests in parallel, and fewer Spark tasks cost less scheduling.
        int slots = spark.sparkContext().defaultParallelism();
        int partitions = Math.max(1, Math.min(segments.size(), Math.min(MAX_PARTITIONS,
                Math.max(slots, segments.size() / SEGMENTS_PER_PARTITION))));
        Budget budget = JobHooks.of(progressKey).budget(spark, budgetName(settings, spec), readRate);
        CountTask task = new CountTask(settings, spec, budget, counted, unitsMilli, progressKey);
        return context.parallelize(segments, partitions).mapPartitions(task).collect();
    }

    /** The budget a count of this table draws on, by name (the run's summary reports it). */
    public static String budgetName(ClientSettings settings, ScanSpec spec) {
        return "read:" + spec.table().apiName() + "@" + settings.describe();
    }

    /**
     * The same count on the direct engine: each segment a unit of the runner's pool, scanned by
     * the same {@link #countOne} a Spark task runs. {@code counted} and {@code unitsMilli} add up
     * the segments that finished, for the report of a stopped job.
     */
    public static List<SegmentCount> runDirect(DirectRunner runner, JobRunner.Job job, ClientSettings settings, ScanSpec spec,
            List<Integer> segments, Budget budget, LongAdder counted, LongAdder unitsMilli, String progressKey) {
        SegmentScanner scanner = new SegmentScanner(DynamoClients.get(settings), budget.limiter());
        return runner.run(job, segments, segment -> {
            SegmentCount result = countOne(scanner, spec, segment, progressKey);
            counted.add(result.count());
            unitsMilli.add(Math.round(result.consumedUnits() * 1000));
            return result;
        });
    }

    private static SegmentCount countOne(SegmentScanner scanner, ScanSpec spec, int segment, String progressKey)
            throws InterruptedException {
        SegmentScanner.SegmentResult result = scanner.scan(spec, segment, (count, scanned, items) -> true);
        LiveProgress.add(progressKey, result.count(), Math.round(result.consumedUnits() * 1000));
        return new SegmentCount(segment, result.count(), result.scannedCount(), result.consumedUnits());
    }

    /** Serializable task body: settings and spec only; the client and limiter are per-JVM. */
    static final class CountTask implements FlatMapFunction<Iterator<Integer>, SegmentCount> {
        private static final long serialVersionUID = 1L;
        private final ClientSettings settings;
        private final ScanSpec spec;
        private final Budget budget;
        private final LongAccumulator counted;
        private final LongAccumulator unitsMilli;
        private final String progressKey;

        CountTask(ClientSettings settings, ScanSpec spec, Budget budget, LongAccumulator counted, LongAccumulator unitsMilli,
                String progressKey) {
            this.settings = settings;
            this.spec = spec;
            this.budget = budget;
            this.counted = counted;
            this.unitsMilli = unitsMilli;
            this.progressKey = progressKey;
        }

        @Override
        public Iterator<SegmentCount> call(Iterator<Integer> segments) throws Exception {
            SegmentScanner scanner = new SegmentScanner(DynamoClients.get(settings), budget.limiter());
            List<Integer> mine = new ArrayList<>();
            segments.forEachRemaining(mine::add);
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(THREADS_PER_TASK, mine.size())));
            try {
                List<Future<SegmentCount>> futures = new ArrayList<>();
                for (int segment : mine) {
                    futures.add(pool.submit(() -> countOne(scanner, spec, segment, progressKey)));
                }
                List<SegmentCount> results = new ArrayList<>();
                for (Future<SegmentCount> future : futures) {
                    try {
                        results.add(future.get());
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
                // Accumulators are not thread-safe: add once, from the task's own thread.
                long count = 0;
                double units = 0;
                for (SegmentCount result : results) {
                    count += result.count();
                    units += result.consumedUnits();
                }
                counted.add(count);
                unitsMilli.add(Math.round(units * 1000));
                return results.iterator();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
