package dev.bulk.engine;

import dev.bulk.BulkException;
import dev.bulk.Timeline;
import dev.bulk.connector.JobHooks;
import dev.bulk.output.RunContext;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;

/**
 * Runs a verb's Spark work the one way every verb needs it run: under one job group that Ctrl-C
 * and the --XTimeout deadline cancel (JobControl), with a progress line fed by the job's own
 * counters and the readers' live counts, timed into the run's workSeconds, and with any failure
 * turned into one categorized BulkException that says what was done.
 */
public final class JobRunner {
    /** How long a stopped job's report waits for its tasks to end (they let their requests on the wire finish). */
    private static final Duration TASKS_END_WAIT = Duration.ofSeconds(45);

    private final SparkContext context;
    private final RunContext run;
    private final Duration timeout;
    private final JobConsole console;

    /** A piece of Spark work; Spark reports failures and cancellation as checked exceptions. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    /**
     * What the user sees of one job.
     *
     * @param description the Spark job group's description (in the Spark UI)
     * @param label what the progress line counts, e.g. "deleted"
     * @param expectedItems about how many items the job handles (0 if unknown)
     * @param items the job's own count of items done (accumulators of finished tasks)
     * @param unitsMilli the job's own count of capacity units, in thousandths
     * @param doneSoFar after a failure, what was done ("5,300 items confirmed written"); it may record counts
     */
    public record Job(String description, String label, long expectedItems, LongSupplier items, LongSupplier unitsMilli,
            Supplier<String> doneSoFar) {
        /** A job counted by the readers' live counts alone. */
        public static Job of(String description, String label, long expectedItems) {
            return new Job(description, label, expectedItems, () -> 0L, () -> 0L,
                    () -> JobFailures.finished(0, "items " + label));
        }

        public Job counting(LongSupplier items, LongSupplier unitsMilli) {
            return new Job(description, label, expectedItems, items, unitsMilli, doneSoFar);
        }

        public Job whenStopped(Supplier<String> done) {
            return new Job(description, label, expectedItems, items, unitsMilli, done);
        }
    }

    /** @param timeout the --XTimeout deadline, or null for none */
    public JobRunner(SparkContext context, RunContext run, Duration timeout, JobConsole console) {
        this.context = context;
        this.run = run;
        this.timeout = timeout;
        this.console = console;
    }

    public <T> T run(Job job, Work<T> work) {
        String key = run.runId();
        try (JobControl control = new JobControl(context, key, job.description(), timeout, console);
                JobConsole.Progress progress = console.progress(job.label(),
                        () -> Math.max(job.items().getAsLong(), LiveProgress.items(key)),
                        () -> Math.max(job.unitsMilli().getAsLong(), LiveProgress.unitsMilli(key)), job.expectedItems())) {
            long start = System.nanoTime();
            // The connector's readers report their pages through the hooks registered for this run's key.
            JobHooks.register(key, LiveProgress.hooks(run));
            try {
                T result;
                try {
                    result = work.call();
                } finally {
                    Timeline.record("Spark job: " + job.description(), start);
                }
                run.count("workSeconds", (System.nanoTime() - start) / 1e9);
                run.newBudgetReports().forEach(console::notice);
                return result;
            } catch (Exception e) {
                awaitTasksEnded();
                throw failure(e, control.cancellation(), job);
            } finally {
                JobHooks.forget(key);
                LiveProgress.forget(key);
            }
        }
    }

    /**
     * After a cancelled or failed job, until its tasks have ended (at most {@link #TASKS_END_WAIT}):
     * the driver hears of the cancellation first, the tasks stop writing after, and a task launched
     * as the job was cancelled can still start and write. What they wrote is in what the verb
     * reports only if they have ended by then.
     */
    private void awaitTasksEnded() {
        long deadline = System.nanoTime() + TASKS_END_WAIT.toNanos();
        try {
            do {
                // The task counts come from Spark's listener events: take in those already posted.
                context.listenerBus().waitUntilEmpty();
                if (runningTasks() == 0) {
                    return;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Only the counts' timing depends on it; the journal wait that follows still bounds them.
        }
    }

    private int runningTasks() {
        int running = 0;
        for (SparkExecutorInfo executor : context.statusTracker().getExecutorInfos()) {
            running += executor.numRunningTasks();
        }
        return running;
    }

    /** One categorized failure of a stopped or failed job of either engine, saying what was done. */
    static BulkException failure(Exception e, Cancellation control, Job job) {
        String done;
        try {
            done = job.doneSoFar().get();
        } catch (RuntimeException counting) {
            // The failure itself is what the user must see; the count is a courtesy.
            e.addSuppressed(counting);
            done = "what was done could not be counted (" + JobFailures.rootMessage(counting) + ")";
        }
        return JobFailures.fromJob(e, control, done);
    }
}
