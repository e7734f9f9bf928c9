package dev.bulk.verbs.read;

import dev.bulk.BulkException;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentScanner;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.count.SegmentCountJob.SegmentCount;
import dev.bulk.engine.count.SegmentCountJob;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.Tables;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/** Runs a Select=COUNT parallel scan over chosen segments (on Spark or the direct engine), with progress and Ctrl-C. Shared by count and scancount. */
final class CountPlan {
    private CountPlan() {
    }

    /**
     * Asks DynamoDB to evaluate the expressions once (Limit 1, one segment) so a syntax error is a
     * usage error before any task starts, not a failure in every task.
     */
    static void checkExpressions(ClientSettings settings, ScanSpec spec) {
        Optional<String> rejected;
        try {
            rejected = SegmentScanner.rejectedFilter(settings, spec);
        } catch (RuntimeException e) {
            throw BulkException.failed("checking --filter-expression failed: " + JobFailures.rootMessage(e), e);
        }
        if (rejected.isPresent()) {
            throw BulkException.usage("--filter-expression: DynamoDB rejected '" + spec.filterExpression() + "': " + rejected.get());
        }
    }

    /** The count on the engine {@link Tables#chooseEngine} picked: the same segments and answer on either. */
    static List<SegmentCount> run(Tables tables, RunContext run, ClientSettings settings, ScanSpec spec,
            List<Integer> segments, double readRate, long expectedItems) {
        return tables.direct() ? runDirect(tables, run, settings, spec, segments, readRate, expectedItems)
                : runOnSpark(tables, run, settings, spec, segments, readRate, expectedItems);
    }

    private static List<SegmentCount> runOnSpark(Tables tables, RunContext run, ClientSettings settings, ScanSpec spec,
            List<Integer> segments, double readRate, long expectedItems) {
        SparkSession spark = tables.spark();
        LongAccumulator counted = spark.sparkContext().longAccumulator("counted");
        LongAccumulator unitsMilli = spark.sparkContext().longAccumulator("readUnitsMilli");
        JobRunner.Job job = job(run, spec, expectedItems, counted::value, unitsMilli::value);
        List<SegmentCount> results = tables.runner(spark, run).run(job,
                () -> SegmentCountJob.run(spark, settings, spec, segments, readRate, counted, unitsMilli, run.runId()));
        run.count("readUnits", unitsMilli.value() / 1000.0);
        return results;
    }

    private static List<SegmentCount> runDirect(Tables tables, RunContext run, ClientSettings settings, ScanSpec spec,
            List<Integer> segments, double readRate, long expectedItems) {
        LongAdder counted = new LongAdder();
        LongAdder unitsMilli = new LongAdder();
        JobRunner.Job job = job(run, spec, expectedItems, counted::sum, unitsMilli::sum);
        Budget budget = run.budget(null, SegmentCountJob.budgetName(settings, spec), readRate);
        List<SegmentCount> results = SegmentCountJob.runDirect(tables.directRunner(run, SegmentCountJob.THREADS_PER_TASK), job, settings, spec, segments, budget,
                counted, unitsMilli, run.runId());
        run.count("readUnits", unitsMilli.sum() / 1000.0);
        return results;
    }

    private static JobRunner.Job job(RunContext run, ScanSpec spec, long expectedItems, LongSupplier counted,
            LongSupplier unitsMilli) {
        return JobRunner.Job.of("count " + spec.table().name(), "counted", expectedItems)
                .counting(counted, unitsMilli)
                .whenStopped(() -> {
                    run.count("readUnits", unitsMilli.getAsLong() / 1000.0);
                    return JobFailures.finished(counted.getAsLong(), "items counted");
                });
    }

    static long total(List<SegmentCount> counts) {
        long total = 0;
        for (SegmentCount count : counts) {
            total += count.count();
        }
        return total;
    }
}
