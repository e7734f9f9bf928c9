package dev.bulk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk.BulkException;
import dev.bulk.output.RunContext;
import dev.bulk.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way verbs run Spark work, on a real local Spark: timing, the progress display, and failures made into one line. */
class JobRunnerTest {
    @TempDir
    Path dir;

    /** Records what the runner shows, as the CLI's stderr would. */
    private static final class RecordingConsole implements JobConsole {
        final List<String> events = new ArrayList<>();

        @Override
        public void notice(String line) {
            events.add("notice " + line);
        }

        @Override
        public Progress progress(String label, LongSupplier items, LongSupplier unitsMilli, long expectedItems) {
            events.add("progress " + label + " of " + expectedItems);
            return () -> events.add("progress closed at " + items.getAsLong());
        }
    }

    private RunContext run() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new RunContext("test", List.of(), dir.toString(), sink, sink);
    }

    @Test
    void aFinishedJobIsTimedAndItsProgressShownAndClosed() {
        Cli.shareSpark();
        SparkSession spark = SparkSession.active();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        RunContext run = run();
        RecordingConsole console = new RecordingConsole();
        JobRunner.Job job = JobRunner.Job.of("sum", "summed", 3).counting(() -> 3L, () -> 0L);

        int sum = new JobRunner(spark.sparkContext(), run, null, console).run(job,
                () -> context.parallelize(List.of(1, 2, 3), 3).reduce(Integer::sum));

        assertThat(sum).isEqualTo(6);
        assertThat(run.countValue("workSeconds")).isPositive();
        assertThat(console.events).containsExactly("progress summed of 3", "progress closed at 3");
    }

    @Test
    void aFailedTaskBecomesOneLineSayingWhatWasDone() {
        Cli.shareSpark();
        SparkSession spark = SparkSession.active();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        RunContext run = run();
        JobRunner.Job job = JobRunner.Job.of("failing", "items", 2)
                .whenStopped(() -> JobFailures.finished(1, "items written"));

        assertThatThrownBy(() -> new JobRunner(spark.sparkContext(), run, null, new RecordingConsole()).run(job,
                () -> context.parallelize(List.of(1, 2), 2).map(x -> {
                    if (x == 2) {
                        throw new IllegalStateException("item 2 is bad");
                    }
                    return x;
                }).collect()))
                .isInstanceOfSatisfying(BulkException.class, e -> assertThat(e.kind()).isEqualTo(BulkException.Kind.FAILED))
                .hasMessage("the job failed (1 items written by the tasks that finished): item 2 is bad");
        assertThat(run.countValue("workSeconds")).isZero();
    }

    @Test
    void aBulkExceptionFromTheWorkKeepsItsKind() {
        Cli.shareSpark();
        SparkSession spark = SparkSession.active();
        JobRunner.Job job = JobRunner.Job.of("refused", "items", 0);

        assertThatThrownBy(() -> new JobRunner(spark.sparkContext(), run(), null, new RecordingConsole()).run(job, () -> {
            throw BulkException.usage("--where: not a condition");
        })).isInstanceOfSatisfying(BulkException.class, e -> assertThat(e.kind()).isEqualTo(BulkException.Kind.USAGE))
                .hasMessage("--where: not a condition");
    }
}
