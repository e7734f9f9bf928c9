package dev.bulk.connector;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * What the readers of one scan did, gathered through Spark accumulators (they travel with the
 * tasks and add up on the driver, also on a cluster). Scans built for one CLI run register under
 * its progress key, so the verb can report consumed units whatever plans Spark made.
 */
public final class ReadMetrics {
    private static final Map<String, List<ReadMetrics>> BY_RUN = new ConcurrentHashMap<>();

    /** The accumulators, shipped inside the reader factory. */
    record Accumulators(LongAccumulator items, LongAccumulator scanned, LongAccumulator unitsMilli,
            LongAccumulator misfits) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Accumulators accumulators;

    private ReadMetrics(Accumulators accumulators) {
        this.accumulators = accumulators;
    }

    static ReadMetrics register(SparkSession spark, String runKey) {
        ReadMetrics metrics = new ReadMetrics(new Accumulators(spark.sparkContext().longAccumulator("dynamodb items returned"),
                spark.sparkContext().longAccumulator("dynamodb items scanned"),
                spark.sparkContext().longAccumulator("dynamodb read units (milli)"),
                spark.sparkContext().longAccumulator("dynamodb numbers read as NULL")));
        if (runKey != null) {
            BY_RUN.computeIfAbsent(runKey, k -> new CopyOnWriteArrayList<>()).add(metrics);
        }
        return metrics;
    }

    Accumulators accumulators() {
        return accumulators;
    }

    /** Totals over every scan a run made so far. */
    public record Totals(long items, long scanned, double readUnits, long misfits) {
    }

    public static Totals totals(String runKey) {
        long items = 0;
        long scanned = 0;
        long units = 0;
        long misfits = 0;
        for (ReadMetrics metrics : BY_RUN.getOrDefault(runKey, List.of())) {
            items += metrics.accumulators.items().value();
            scanned += metrics.accumulators.scanned().value();
            units += metrics.accumulators.unitsMilli().value();
            misfits += metrics.accumulators.misfits().value();
        }
        return new Totals(items, scanned, units / 1000.0, misfits);
    }

    public static void forget(String runKey) {
        BY_RUN.remove(runKey);
    }
}
