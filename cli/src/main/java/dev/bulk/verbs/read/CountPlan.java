package dev.bulk.verbs.read;

import dev.bulk.BulkException;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoClients;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.count.SegmentCountJob.SegmentCount;
import dev.bulk.engine.count.SegmentCountJob;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.TerminalConsole;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** Runs a Select=COUNT parallel scan over chosen segments on Spark, with progress and Ctrl-C. Shared by count and scancount. */
final class CountPlan {
    private CountPlan() {
    }

    /**
     * Asks DynamoDB to evaluate the expressions once (Limit 1, one segment) so a syntax error is a
     * usage error before any task starts, not a failure in every task.
     */
    static void checkExpressions(ClientSettings settings, ScanSpec spec) {
        if (spec.filterExpression() == null) {
            return;
        }
        ScanRequest.Builder probe = ScanRequest.builder().tableName(spec.table().apiName()).limit(1)
                .filterExpression(spec.filterExpression());
        if (spec.indexName() != null) {
            probe.indexName(spec.indexName());
        }
        if (spec.expressionNames() != null && !spec.expressionNames().isEmpty()) {
            probe.expressionAttributeNames(spec.expressionNames());
        }
        if (spec.expressionValues() != null && !spec.expressionValues().isEmpty()) {
            probe.expressionAttributeValues(spec.expressionValues());
        }
        try {
            DynamoClients.get(settings.withMaxAttempts(3)).scan(probe.build());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if ("ValidationException".equals(code)) {
                throw BulkException.usage("--filter-expression: DynamoDB rejected '" + spec.filterExpression() + "': "
                        + e.awsErrorDetails().errorMessage());
            }
            throw BulkException.failed("checking --filter-expression failed: " + JobFailures.rootMessage(e), e);
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
