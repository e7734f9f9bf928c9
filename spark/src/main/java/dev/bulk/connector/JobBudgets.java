package dev.bulk.connector;

import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.BudgetServer;
import java.io.IOException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget of a job: in local Spark a bucket in this JVM (the only executor); on a cluster one
 * bucket on the driver that every executor draws on ({@link BudgetServer}), so the total holds
 * however many executors run, finish early, or are replaced.
 */
public final class JobBudgets {
    private static final Logger LOG = LoggerFactory.getLogger(JobBudgets.class);

    private JobBudgets() {
    }

    /**
     * @param name what the budget is for, e.g. "read:table@endpoint"
     * @param spark the job's session, or null for a job without Spark (the direct engine: a bucket in this JVM)
     * @param rate units per second for the whole job; 0 or less for no limit
     */
    public static Budget of(SparkSession spark, String name, double rate) {
        return of(spark, name, rate, null, null);
    }

    /**
     * A budget with caps as well: at most {@code maxConcurrency} requests in flight and
     * {@code itemsPerSecond} items per second across the job (null: no cap). On a cluster the
     * driver's bucket holds the caps, so they are exact however many executors run.
     */
    public static Budget of(SparkSession spark, String name, double rate, Integer maxConcurrency, Double itemsPerSecond) {
        if (!(rate > 0) || spark == null || spark.sparkContext().isLocal()) {
            return Budget.local(name, rate).withCaps(maxConcurrency, itemsPerSecond);
        }
        int executors = ExecutorCount.running(spark);
        SparkConf conf = spark.sparkContext().getConf();
        String host = conf.get("spark.driver.host");
        String bindAddress = conf.get("spark.driver.bindAddress", host);
        try {
            return BudgetServer.shared(bindAddress, host).register(name, rate, rate / executors, maxConcurrency, itemsPerSecond);
        } catch (IOException e) {
            LOG.warn("could not open the budget port on the driver ({}); each of the {} executors gets an even share of the "
                    + "rate instead", e.getMessage(), executors);
            return Budget.local(name, rate / executors).withCaps(
                    maxConcurrency == null ? null : Math.max(1, maxConcurrency / executors),
                    itemsPerSecond == null ? null : itemsPerSecond / executors);
        }
    }
}
