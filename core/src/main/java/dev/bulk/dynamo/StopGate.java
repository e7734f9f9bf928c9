package dev.bulk.dynamo;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Lets a writer stop at once (Ctrl-C, --XTimeout, a failed task) without miscounting: a thread
 * that waits (for the write budget, in a backoff) is interrupted, which sends nothing; a thread
 * whose request is on the wire is let finish, so a write DynamoDB applied is counted as written,
 * not listed as unconfirmed; once stopped, no request starts.
 */
final class StopGate {
    private final Set<Thread> waiting = new HashSet<>();
    private boolean stopped;

    /** The calling thread waits from now on: a stop interrupts it. */
    synchronized void waiting() {
        if (stopped) {
            Thread.currentThread().interrupt();
            return;
        }
        waiting.add(Thread.currentThread());
    }

    /**
     * The calling thread is about to send: true if it may, and from now on a stop lets it finish;
     * false once stopped (its interrupt, if the stop sent one, is taken back: the caller lists its items).
     */
    synchronized boolean send() {
        waiting.remove(Thread.currentThread());
        if (stopped) {
            Thread.interrupted();
            return false;
        }
        return true;
    }

    /** The calling thread is done with this writer for now. */
    synchronized void leave() {
        waiting.remove(Thread.currentThread());
    }

    synchronized boolean stopped() {
        return stopped;
    }

    /** Stops: the waiting threads are interrupted, the sending ones finish their request. */
    synchronized void stop() {
        stopped = true;
        waiting.forEach(Thread::interrupt);
        waiting.clear();
    }

    /**
     * Waits up to {@code seconds} for a shut-down pool's requests to end, even when the closing
     * thread was interrupted (a cancelled Spark task is): returning at once would let the task
     * write its last journal entry while requests DynamoDB applies are still on the wire, and the
     * stop's count would miss them. The interrupt is kept for the caller.
     *
     * @return whether the pool ended in time
     */
    static boolean awaitEnd(ExecutorService pool, long seconds) {
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (true) {
                try {
                    return pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
