package dev.bulk.dynamo;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How many single-item requests this JVM keeps on the wire to one endpoint at once, found from
 * the replies' round trips (the Vegas rule of TCP congestion control): while the round trip stays
 * near the lowest seen, requests do not queue at the server and the limit grows; once it grows
 * with the limit, the extra requests only wait there and the limit shrinks.
 *
 * <p>Why not simply every writer thread: every task of an executor has its own writers
 * (--writers-per-task), so a local run had 8 tasks × 16 threads = 128 requests in flight. A
 * DynamoDB Local sharing two cores with the client answered 8 concurrent DeleteItems at
 * ~1,500/s and 32 at half that: the extra requests cost the server switching and locking, and
 * the client CPU the server needed. Real DynamoDB's round trip does not grow with the requests,
 * so there the limit rises to the writer threads and changes nothing.
 *
 * <p>Waiting for a place is waiting like waiting for the budget: interruptible, and bounded by the
 * caller's retry deadline.
 */
final class InFlightLimit {
    /** By client: {@link DynamoClients} gives one per settings per JVM, so one limit per endpoint and its connection pool. */
    private static final Map<DynamoDbClient, InFlightLimit> SHARED = Collections.synchronizedMap(new WeakHashMap<>());
    static final int INITIAL = 8;
    static final int MIN = 2;
    static final int MAX = 4096;
    /** A window of replies is at least this long, so one burst of fast or slow replies does not move the limit. */
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MIN_WINDOW_REPLIES = 16;
    /**
     * The baseline is the lowest window of the last {@value #BASELINE_SECONDS} seconds, kept per
     * second: long enough to include moments when few requests waited, short enough that a slower
     * endpoint (bigger items, a busier table) becomes the new normal.
     */
    static final int BASELINE_SECONDS = 30;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private double limit = INITIAL;
    private int inFlight;
    private int peakInWindow;
    private long windowStart;
    private long windowReplies;
    private long windowRttSum;
    /** Per second (a ring), the lowest average round trip of a window: what a request costs when none waits. */
    private final double[] lowestPerSecond = new double[BASELINE_SECONDS];
    private long currentSecond = Long.MIN_VALUE;
    private int lowest = INITIAL;
    private int highest = INITIAL;

    /** The limit of this JVM for the requests sent through {@code client}. */
    static InFlightLimit of(DynamoDbClient client) {
        return SHARED.computeIfAbsent(client, key -> alone());
    }

    /** A limit of its own, shared with no one. */
    static InFlightLimit alone() {
        return new InFlightLimit(System::nanoTime);
    }

    /** {@code clock}: nanoseconds, for the windows of replies (a test's fake clock). */
    InFlightLimit(LongSupplier clock) {
        this.clock = clock;
    }

    /** Takes a place, waiting at most {@code maxWaitNanos}; false (nothing taken) if none came free by then. */
    boolean acquire(long maxWaitNanos) throws InterruptedException {
        long left = maxWaitNanos;
        lock.lockInterruptibly();
        try {
            while (inFlight >= (int) limit) {
                if (left <= 0) {
                    return false;
                }
                try {
                    left = freed.awaitNanos(left);
                } catch (InterruptedException e) {
                    // A place freed for this thread is passed on, not lost with it.
                    freed.signal();
                    throw e;
                }
            }
            inFlight++;
            peakInWindow = Math.max(peakInWindow, inFlight);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives a place back. {@code roundTripNanos} is how long DynamoDB took to answer, or a negative
     * number when there was no answer to time (a network error, a stop): only answers say how busy it is.
     */
    void release(long roundTripNanos) {
        lock.lock();
        try {
            inFlight--;
            int before = (int) limit;
            if (roundTripNanos >= 0) {
                sample(roundTripNanos, clock.getAsLong());
            }
            // One place freed wakes one waiter: waking all of them (up to 8 tasks × 16 threads) for each
            // reply doubled the writers' system CPU. A grown limit wakes as many as it has new places.
            for (int i = Math.max(1, (int) limit - before); i > 0; i--) {
                freed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The current limit, its lowest and its highest so far (for tests and diagnostics). */
    int[] limits() {
        lock.lock();
        try {
            return new int[] {(int) limit, lowest, highest};
        } finally {
            lock.unlock();
        }
    }

    /** Records a window's average round trip and returns the lowest of the last {@value #BASELINE_SECONDS} seconds. */
    private double baseline(double average, long now) {
        long second = Math.floorDiv(now, SECOND);
        if (currentSecond == Long.MIN_VALUE || second - currentSecond >= BASELINE_SECONDS) {
            Arrays.fill(lowestPerSecond, Double.MAX_VALUE);
        } else {
            for (long s = currentSecond + 1; s <= second; s++) {
                lowestPerSecond[(int) Math.floorMod(s, (long) BASELINE_SECONDS)] = Double.MAX_VALUE;
            }
        }
        currentSecond = Math.max(currentSecond, second);
        int slot = (int) Math.floorMod(second, (long) BASELINE_SECONDS);
        lowestPerSecond[slot] = Math.min(lowestPerSecond[slot], average);
        double lowest = Double.MAX_VALUE;
        for (double value : lowestPerSecond) {
            lowest = Math.min(lowest, value);
        }
        return lowest;
    }

    /** Adds one answer's round trip; at the end of a window, adjusts the limit. Called under the lock. */
    private void sample(long roundTripNanos, long now) {
        if (windowReplies == 0) {
            windowStart = now;
        }
        windowReplies++;
        windowRttSum += roundTripNanos;
        if (windowReplies < Math.max(MIN_WINDOW_REPLIES, (long) limit) || now - windowStart < WINDOW_NANOS) {
            return;
        }
        double average = (double) windowRttSum / windowReplies;
        boolean used = peakInWindow * 2 >= (int) limit;
        windowReplies = 0;
        windowRttSum = 0;
        peakInWindow = inFlight;
        double baselineNanos = baseline(average, now);
        // Requests that waited at the server rather than being served: the limit times the share of
        // the round trip that is more than the baseline.
        double queued = limit * (1 - baselineNanos / average);
        double step = Math.max(1, Math.log10(limit));
        if (queued > 6 * step) {
            limit = Math.max(MIN, limit - step);
        } else if (used && queued < 3 * step) {
            // Only when the requests used the limit: a limit nobody reaches says nothing about the server.
            limit = Math.min(MAX, limit + (queued <= step ? 3 * step : step));
        }
        lowest = Math.min(lowest, (int) limit);
        highest = Math.max(highest, (int) limit);
    }
}
