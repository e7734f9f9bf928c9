package dev.bulk.connector;

import org.apache.spark.sql.SparkSession;

/** How many JVMs do the work: one in local mode, else the executors registered now (the driver excluded). */
public final class ExecutorCount {
    private ExecutorCount() {
    }

    public static int running(SparkSession spark) {
        if (spark.sparkContext().isLocal()) {
            return 1;
        }
        // Right after start-up executors may not have registered yet: the requested count is the floor,
        // so the budget is never handed whole to each of them.
        int registered = spark.sparkContext().statusTracker().getExecutorInfos().length - 1;
        int requested = spark.sparkContext().getConf().getInt("spark.executor.instances", 0);
        return Math.max(Math.max(registered, requested), 1);
    }
}
