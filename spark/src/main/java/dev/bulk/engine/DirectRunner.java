package dev.bulk.engine;

import dev.bulk.Timeline;
import dev.bulk.output.RunContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The direct engine: runs a segment job's units on a thread pool in this process, without Spark.
 * A job that is "for each unit of segments, run this function" needs none of Spark's planning,
 * scheduling or serialization when one machine does the whole job, and Spark's start and its
 * per-job overhead are most of the time of a small table's job. The units, the function, the
 * budget, the progress line, Ctrl-C and --XTimeout, the failure message and the run's
 * workSeconds are the same as under {@link JobRunner}; only the executor differs.
 */
public final class DirectRunner {
    /** How long a stopped job's report waits for its units to end (they let their requests on the wire finish). */
    private static final Duration UNITS_END_WAIT = Duration.ofSeconds(45);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final RunContext run;
    private final Duration timeout;
    private final JobConsole console;
    private final int threads;

    /** One unit of work: a segment, a group of segments. Called on a pool thread; an interrupt means stop. */
    @FunctionalInterface
    public interface UnitWork<U, R> {
        R run(U unit) throws Exception;
    }

    /**
     * @param timeout the --XTimeout deadline, or null for none
     * @param threads how many units run at once
     */
    public DirectRunner(RunContext run, Duration timeout, JobConsole console, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one thread: " + threads);
        }
        this.run = run;
        this.timeout = timeout;
        this.console = console;
        this.threads = threads;
    }

    /**
     * Runs every unit and returns their results in the units' order. The first failing unit stops
     * the others (as a failed Spark task fails its job); a Ctrl-C or the deadline stops them all.
     * Either way the units are interrupted, their requests on the wire end, and the failure is one
     * BulkException that says what was done ({@link JobRunner.Job#doneSoFar()}).
     */
    public <U, R> List<R> run(JobRunner.Job job, List<U> units, UnitWork<U, R> work) {
        String key = run.runId();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, units.size())), threadFactory());
        List<Future<R>> futures = new ArrayList<>(units.size());
        Runnable cancel = () -> {
            synchronized (futures) {
                futures.forEach(future -> future.cancel(true));
            }
        };
        try (Cancellation control = new Cancellation("the job", timeout, console, cancel);
                JobConsole.Progress progress = console.progress(job.label(),
                        () -> Math.max(job.items().getAsLong(), LiveProgress.items(key)),
                        () -> Math.max(job.unitsMilli().getAsLong(), LiveProgress.unitsMilli(key)), job.expectedItems())) {
            long start = System.nanoTime();
            try {
                List<R> results;
                try {
                    results = runAll(pool, futures, units, work, cancel);
                } finally {
                    Timeline.record("direct job: " + job.description(), start);
                }
                run.count("workSeconds", (System.nanoTime() - start) / 1e9);
                run.newBudgetReports().forEach(console::notice);
                return results;
            } catch (Exception e) {
                cancel.run();
                awaitUnitsEnded(pool);
                throw JobRunner.failure(e, control, job);
            } finally {
                LiveProgress.forget(key);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <U, R> List<R> runAll(ExecutorService pool, List<Future<R>> futures, List<U> units, UnitWork<U, R> work,
            Runnable cancel) throws Exception {
        CompletionService<R> completion = new ExecutorCompletionService<>(pool);
        synchronized (futures) {
            for (U unit : units) {
                futures.add(completion.submit(() -> work.run(unit)));
            }
        }
        // Taken in the order they end, so the first failure stops the rest at once, not after the units before it.
        for (int i = 0; i < units.size(); i++) {
            Future<R> done = completion.take();
            try {
                done.get();
            } catch (ExecutionException e) {
                cancel.run();
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        List<R> results = new ArrayList<>(units.size());
        for (Future<R> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    /** After a stop, until the units' threads have ended (at most {@link #UNITS_END_WAIT}), so the counts include what they did. */
    private static void awaitUnitsEnded(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(UNITS_END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threadFactory() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "bulk-direct-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
