package dev.bulk.engine;

import org.apache.spark.sql.SparkSession;

/** How many JVMs do the work: one in local mode, else the executors registered now (the driver excluded). */
public final class Executors {
    private Executors() {
    }

    public static int running(SparkSession spark) {
        if (spark.sparkContext().isLocal()) {
            return 1;
        }
        int executors = spark.sparkContext().statusTracker().getExecutorInfos().length - 1;
        return Math.max(executors, 1);
    }
}
