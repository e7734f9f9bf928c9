package dev.bulk.dynamo;

import java.util.HashSet;
import java.util.Set;

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
}
