package dev.bulk.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkContext;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs Spark jobs under one job group so Ctrl-C (SIGINT) cancels them cleanly: the first Ctrl-C
 * cancels and lets the verb report what was done (exit 130); a second one exits at once.
 * A --XTimeout deadline cancels the same way.
 */
public final class JobControl implements AutoCloseable {
    private final SparkContext context;
    private final String group;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private final Thread deadline;
    private final JobConsole console;
    private SignalHandler previous;

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
        this.console = console;
        this.group = "bulk-" + runId;
        context.setJobGroup(group, description, true);
        try {
            previous = Signal.handle(new Signal("INT"), signal -> onInterrupt());
        } catch (IllegalArgumentException e) {
            previous = null; // no SIGINT on this platform/JVM mode
        }
        if (timeout != null) {
            deadline = new Thread(() -> {
                try {
                    Thread.sleep(timeout.toMillis());
                    timedOut.set(true);
                    context.cancelJobGroup(group);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bulk-deadline");
            deadline.setDaemon(true);
            deadline.start();
        } else {
            deadline = null;
        }
    }

    private void onInterrupt() {
        if (!interrupted.compareAndSet(false, true)) {
            Runtime.getRuntime().halt(130);
        }
        // A line of its own: the progress line may be half drawn.
        console.notice("");
        console.notice("Ctrl-C: cancelling the Spark job (press again to exit at once)...");
        context.cancelJobGroup(group);
    }

    public boolean interrupted() {
        return interrupted.get();
    }

    public boolean timedOut() {
        return timedOut.get();
    }

    @Override
    public void close() {
        if (deadline != null) {
            deadline.interrupt();
        }
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
        context.clearJobGroup();
    }
}
