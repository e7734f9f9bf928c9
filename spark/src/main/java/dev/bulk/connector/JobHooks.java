package dev.bulk.connector;

import dev.bulk.dynamo.Budget;
import org.apache.spark.sql.SparkSession;

/**
 * What a program running the connector may plug in, under the key it passes as the
 * {@code progressKey} option: where the readers and writers report progress as they go, and
 * where a read or write gets its budget. A plain Spark program plugs in nothing and gets
 * {@link #DEFAULT}: no live progress, and the budget of {@link JobBudgets} (a bucket in this JVM
 * in local mode, one bucket on the driver shared by every executor on a cluster).
 *
 * <p>Progress is a callback rather than Spark's task metrics because the CLI's progress line
 * wants each page as it is read: custom task metrics reach the driver only with heartbeats and
 * task ends. Callbacks run on executor threads; on a cluster the executors' JVMs have nothing
 * registered, so progress there comes from the accumulators at task end.
 */
public interface JobHooks {
    /** No progress; budgets from {@link JobBudgets}. */
    JobHooks DEFAULT = new JobHooks() {
    };

    /** A reader or writer finished a page: items read (or written) and the units DynamoDB reported, in thousandths. */
    default void onPage(long items, long unitsMilli) {
    }

    /**
     * The budget of one read or write, asked once on the driver when the job is planned.
     *
     * @param name what the budget is for, e.g. "write:table@endpoint"
     * @param rate units per second for the whole job
     */
    default Budget budget(SparkSession spark, String name, double rate) {
        return JobBudgets.of(spark, name, rate);
    }

    /** Plugs {@code hooks} in under {@code key} until {@link #forget}. */
    static void register(String key, JobHooks hooks) {
        HookRegistry.register(key, hooks);
    }

    static void forget(String key) {
        HookRegistry.forget(key);
    }

    /** The hooks plugged in under {@code key}, or {@link #DEFAULT} (also for a null key). */
    static JobHooks of(String key) {
        return HookRegistry.of(key);
    }
}
