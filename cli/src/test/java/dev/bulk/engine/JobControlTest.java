package dev.bulk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulk.testing.Cli;
import java.time.Duration;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The --XTimeout deadline on a real local Spark job. */
class JobControlTest {
    @Test
    void theDeadlineCancelsARunningJobAndSaysSo() {
        Cli.shareSpark();
        SparkSession spark = SparkSession.active();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long start = System.nanoTime();
        try (JobControl control = new JobControl(spark.sparkContext(), "deadline-test", "sleepy job", Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> context.parallelize(List.of(1, 2), 2).foreach(x -> Thread.sleep(60_000)))
                    .hasMessageContaining("cancelled");
            assertThat(control.timedOut()).isTrue();
            assertThat(control.interrupted()).isFalse();
        }
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
    }

    @Test
    void withoutADeadlineTheJobRunsToTheEnd() {
        Cli.shareSpark();
        SparkSession spark = SparkSession.active();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try (JobControl control = new JobControl(spark.sparkContext(), "no-deadline", "quick job", null)) {
            assertThat(context.parallelize(List.of(1, 2, 3), 3).map(x -> x * 2).reduce(Integer::sum)).isEqualTo(12);
            assertThat(control.timedOut()).isFalse();
        }
    }
}
