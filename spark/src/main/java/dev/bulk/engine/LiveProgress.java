package dev.bulk.engine;

import dev.bulk.connector.JobHooks;
import dev.bulk.dynamo.Budget;
import dev.bulk.output.RunContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.sql.SparkSession;

/**
 * Progress that tasks report while they run, for the driver's progress line. Spark accumulators
 * reach the driver only when a task ends; in local mode the tasks share the driver's JVM, so they
 * can also count here as they go. On a cluster this stays at zero on the driver and the progress
 * line falls back to the accumulators, so nothing depends on it.
 */
public final class LiveProgress {
    private static final Map<String, LongAdder> ITEMS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> UNITS_MILLI = new ConcurrentHashMap<>();

    private LiveProgress() {
    }

    /** The connector's hooks for a run: pages count here under the run's id, budgets are the run's. */
    public static JobHooks hooks(RunContext run) {
        String key = run.runId();
        return new JobHooks() {
            @Override
            public void onPage(long items, long unitsMilli) {
                add(key, items, unitsMilli);
            }

            @Override
            public Budget budget(SparkSession spark, String name, double rate) {
                return run.budget(spark, name, rate);
            }
        };
    }

    public static void add(String key, long items, long unitsMilli) {
        ITEMS.computeIfAbsent(key, k -> new LongAdder()).add(items);
        UNITS_MILLI.computeIfAbsent(key, k -> new LongAdder()).add(unitsMilli);
    }

    public static long items(String key) {
        LongAdder adder = ITEMS.get(key);
        return adder == null ? 0 : adder.sum();
    }

    public static long unitsMilli(String key) {
        LongAdder adder = UNITS_MILLI.get(key);
        return adder == null ? 0 : adder.sum();
    }

    public static void forget(String key) {
        ITEMS.remove(key);
        UNITS_MILLI.remove(key);
    }
}
