package dev.bulk.output;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * A one-line progress report on stderr (items, units/s, ETA), redrawn in place on a terminal and
 * cleared before results print. Off when stderr is not a terminal, so logs stay clean.
 */
public final class ProgressLine implements AutoCloseable {
    private final PrintStream err;
    private final String label;
    private final LongSupplier items;
    private final LongSupplier unitsMilli;
    private final long expected;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;
    private int lastWidth;

    /**
     * @param expected items expected in total, or ≤ 0 when unknown (no ETA)
     */
    public ProgressLine(PrintStream err, boolean enabled, String label, LongSupplier items, LongSupplier unitsMilli,
            long expected) {
        this.err = err;
        this.label = label;
        this.items = items;
        this.unitsMilli = unitsMilli;
        this.expected = expected;
        this.enabled = enabled;
        if (enabled) {
            thread = new Thread(this::loop, "bulk-progress");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /** True when stderr is an interactive terminal (and BULK_PROGRESS is not "0"). */
    public static boolean terminal() {
        String forced = System.getenv("BULK_PROGRESS");
        if (forced != null) {
            return forced.equals("1");
        }
        return System.console() != null;
    }

    private void loop() {
        while (running) {
            draw();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void draw() {
        if (!running) {
            return;
        }
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 0.001);
        long done = items.getAsLong();
        double rate = done / seconds;
        double unitRate = unitsMilli.getAsLong() / 1000.0 / seconds;
        StringBuilder line = new StringBuilder();
        line.append(label).append(": ").append(String.format("%,d", done));
        if (expected > 0) {
            line.append(String.format(" / %,d (%.0f%%)", expected, 100.0 * done / expected));
        }
        line.append(String.format(" | %,.0f items/s | %,.0f units/s", rate, unitRate));
        if (expected > 0 && rate > 0 && done < expected) {
            line.append(" | ETA ").append(dev.bulk.dynamo.CostEstimate.duration((expected - done) / rate));
        }
        String text = line.toString();
        err.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
        err.flush();
        lastWidth = text.length();
    }

    @Override
    public void close() {
        if (!enabled) {
            return;
        }
        running = false;
        thread.interrupt();
        synchronized (this) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
        }
    }
}
