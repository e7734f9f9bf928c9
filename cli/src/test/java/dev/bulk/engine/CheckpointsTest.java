package dev.bulk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulk.testing.Cli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a succeeded task gets a checkpoint: only when Spark applied its counts. */
class CheckpointsTest {
    @TempDir
    Path runDir;

    @Test
    void aTaskWhoseCountsSparkDroppedWithTheCancelledJobGetsNoCheckpointSoAResumeRedoesIt() {
        Cli.shareSpark();
        SparkSession spark = SparkSession.active();
        MutationJob.Accumulators accumulators = new MutationJob.Accumulators(spark);
        List<MutationJob.Unit> units = List.of(new MutationJob.Unit("s000000", List.of(3), null),
                new MutationJob.Unit("s000001", List.of(7), null));
        Checkpoints checkpoints = new Checkpoints(runDir);
        try (Checkpoints.Listener listener = checkpoints.listen(spark, -1, units, accumulators)) {
            // Unit 0 succeeded after its job was cancelled: DAGScheduler reports Success without accumulator updates.
            listener.succeeded(0, 0, Map.of());
            // Unit 1 succeeded normally: 125 items, 120 done, 5 conditions failed.
            listener.succeeded(1, 0, Map.of(accumulators.units.id(), 1L, accumulators.processed.id(), 125L,
                    accumulators.done.id(), 120L, accumulators.conditionFailed.id(), 5L));
        }

        Map<String, MutationJob.Counts> completed = checkpoints.completed();
        assertThat(completed).containsOnlyKeys("s000001");
        assertThat(completed.get("s000001")).isEqualTo(new MutationJob.Counts(125, 120, 0, 5, 0, 0, 0));
    }
}
