package dev.bulk.engine;

import java.time.Duration;
import org.apache.spark.SparkContext;

/**
 * Runs Spark jobs under one job group so Ctrl-C (SIGINT) cancels them cleanly: the first Ctrl-C
 * cancels and lets the verb report what was done (exit 130); a second one exits at once.
 * A --XTimeout deadline cancels the same way.
 */
public final class JobControl implements AutoCloseable {
    private final SparkContext context;
    private final String group;
    private final Cancellation cancellation;

    /** A job whose notices go to the log. */
    public JobControl(SparkContext context, String runId, String description, Duration timeout) {
        this(context, runId, description, timeout, JobConsole.LOG);
    }

    /**
     * @param timeout cancel the job group after this long (--XTimeout), or null for no deadline
     * @param console where the Ctrl-C acknowledgement goes
     */
    public JobControl(SparkContext context, String runId, String description, Duration timeout, JobConsole console) {
        this.context = context;
        this.group = "bulk-" + runId;
        context.setJobGroup(group, description, true);
        this.cancellation = new Cancellation("the Spark job", timeout, console, () -> context.cancelJobGroup(group));
    }

    public boolean interrupted() {
        return cancellation.interrupted();
    }

    public boolean timedOut() {
        return cancellation.timedOut();
    }

    Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public void close() {
        cancellation.close();
        context.clearJobGroup();
    }
}
