package dev.bulk.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * How a running job is stopped, whichever engine runs it: the first Ctrl-C (SIGINT) cancels it
 * and lets the verb report what was done (exit 130), a second one exits at once, and a --XTimeout
 * deadline cancels the same way. What "cancel" means is the engine's: a Spark job group, or the
 * units of the direct engine's pool.
 */
final class Cancellation implements AutoCloseable {
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private final Runnable cancel;
    private final JobConsole console;
    private final String what;
    private final Thread deadline;
    private final SignalHandler previous;

    /**
     * @param what what a Ctrl-C cancels, as the notice says it ("the Spark job")
     * @param timeout cancel after this long (--XTimeout), or null for no deadline
     * @param cancel stops the job; called at most twice (a Ctrl-C and the deadline), from another thread
     */
    Cancellation(String what, Duration timeout, JobConsole console, Runnable cancel) {
        this.what = what;
        this.console = console;
        this.cancel = cancel;
        SignalHandler installed;
        try {
            installed = Signal.handle(new Signal("INT"), signal -> onInterrupt());
        } catch (IllegalArgumentException e) {
            installed = null; // no SIGINT on this platform/JVM mode
        }
        previous = installed;
        if (timeout != null) {
            deadline = new Thread(() -> {
                try {
                    Thread.sleep(timeout.toMillis());
                    timedOut.set(true);
                    cancel.run();
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
        console.notice("Ctrl-C: cancelling " + what + " (press again to exit at once)...");
        cancel.run();
    }

    boolean interrupted() {
        return interrupted.get();
    }

    boolean timedOut() {
        return timedOut.get();
    }

    /** What was cancelled, as the failure message names it. */
    String what() {
        return what;
    }

    @Override
    public void close() {
        if (deadline != null) {
            deadline.interrupt();
        }
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}
