package dev.bulk.verbs.read;

import dev.bulk.BulkException;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentScanner;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.count.SegmentCountJob.SegmentCount;
import dev.bulk.engine.count.SegmentCountJob;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.TerminalConsole;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/** Runs a Select=COUNT parallel scan over chosen segments on Spark, with progress and Ctrl-C. Shared by count and scancount. */
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

    static List<SegmentCount> run(SparkSession spark, RunContext run, ClientSettings settings, ScanSpec spec,
            List<Integer> segments, double readRate, long expectedItems, java.time.Duration timeout) {
        LongAccumulator counted = spark.sparkContext().longAccumulator("counted");
        LongAccumulator unitsMilli = spark.sparkContext().longAccumulator("readUnitsMilli");
        JobRunner.Job job = JobRunner.Job.of("count " + spec.table().name(), "counted", expectedItems)
                .counting(counted::value, unitsMilli::value)
                .whenStopped(() -> {
                    run.count("readUnits", unitsMilli.value() / 1000.0);
                    return JobFailures.finished(counted.value(), "items counted");
                });
        List<SegmentCount> results = new JobRunner(spark.sparkContext(), run, timeout, new TerminalConsole(run.err())).run(job,
                () -> SegmentCountJob.run(spark, settings, spec, segments, readRate, counted, unitsMilli, run.runId()));
        run.count("readUnits", unitsMilli.value() / 1000.0);
        return results;
    }

    static long total(List<SegmentCount> counts) {
        long total = 0;
        for (SegmentCount count : counts) {
            total += count.count();
        }
        return total;
    }
}
