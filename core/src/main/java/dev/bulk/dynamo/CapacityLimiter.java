package dev.bulk.dynamo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A token bucket of capacity units, one per JVM and budget, shared by every task of that JVM.
 *
 * <p>A caller {@link #acquire acquires} an estimate before a request and {@link #settle settles}
 * with the units DynamoDB reports afterwards, so the bucket follows real consumption. The balance
 * may go negative (debt): the next acquire waits until the debt is repaid. The bucket fills at the
 * effective rate ({@link AdaptiveRate}): the configured rate until DynamoDB throttles, then cut and
 * recovered. The balance is capped at one second of rate, so an idle period can never release a
 * burst larger than that. Clock and sleep are injected so tests run without sleeping.
 *
 * <p>Optional caps ({@link #setCaps}): at most N requests in flight (a fair semaphore, held from
 * {@link #start} until the request's {@link Limiter.Slot} closes) and items per second (a second
 * bucket, counting items instead of units).
 */
public final class CapacityLimiter implements Limiter {
    /** Sleeps for the given nanoseconds; injected so tests can advance a fake clock instead. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final Map<String, CapacityLimiter> SHARED = new ConcurrentHashMap<>();
    private static final double BURST_SECONDS = 1.0;
    /** A congestion event pauses the budget this long: the table's partitions are over now. */
    private static final double PAUSE_SECONDS = 0.5;

    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final AdaptiveRate adaptive;
    private double balance;
    private long lastRefillNanos;
    private volatile Semaphore inFlight;
    private volatile CapacityLimiter items;

    public CapacityLimiter(double ratePerSecond, LongSupplier clock, Sleeper sleeper) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        this.clock = clock;
        this.sleeper = sleeper;
        this.lastRefillNanos = clock.getAsLong();
        this.adaptive = new AdaptiveRate(ratePerSecond, lastRefillNanos);
        // Start with a small allowance rather than a full bucket so a job starts at the rate, not above it.
        this.balance = ratePerSecond * 0.1;
    }

    public static CapacityLimiter system(double ratePerSecond) {
        return new CapacityLimiter(ratePerSecond, System::nanoTime, nanos -> {
            long millis = nanos / 1_000_000;
            int rest = (int) (nanos % 1_000_000);
            Thread.sleep(millis, rest);
        });
    }

    /**
     * The limiter of this JVM for a budget key (e.g. "read:table@endpoint"): all tasks of an
     * executor share it. The per-JVM rate is set by the caller (the job's rate divided among the
     * executors); a later call with a different rate retunes the shared bucket.
     */
    public static CapacityLimiter shared(String key, double ratePerSecond) {
        CapacityLimiter limiter = SHARED.computeIfAbsent(key, k -> system(ratePerSecond));
        limiter.setRate(ratePerSecond);
        return limiter;
    }

    /** As {@link #shared(String, double)}, with the budget's caps (null: none). */
    static CapacityLimiter shared(String key, double ratePerSecond, Integer maxConcurrency, Double itemsPerSecond) {
        CapacityLimiter limiter = shared(key, ratePerSecond);
        limiter.setCaps(maxConcurrency, itemsPerSecond);
        return limiter;
    }

    /** The limiter this JVM holds for a key, or null if none was made. */
    static CapacityLimiter existing(String key) {
        return SHARED.get(key);
    }

    /**
     * At most {@code maxConcurrency} requests in flight through {@link #start}, and at most
     * {@code itemsPerSecond} items per second; null turns a cap off. Setting the same caps again
     * keeps the current ones (and their requests in flight).
     */
    public synchronized void setCaps(Integer maxConcurrency, Double itemsPerSecond) {
        if (maxConcurrency != null && maxConcurrency < 1) {
            throw new IllegalArgumentException("at least one request must be allowed in flight: " + maxConcurrency);
        }
        if (itemsPerSecond != null && !(itemsPerSecond > 0)) {
            throw new IllegalArgumentException("items per second must be positive: " + itemsPerSecond);
        }
        if (maxConcurrency == null) {
            inFlight = null;
        } else if (capOf(inFlight) != maxConcurrency) {
            inFlight = new CappedSemaphore(maxConcurrency);
        }
        if (itemsPerSecond == null) {
            items = null;
        } else if (items == null) {
            items = new CapacityLimiter(itemsPerSecond, clock, sleeper);
        } else {
            items.setRate(itemsPerSecond);
        }
    }

    private static int capOf(Semaphore semaphore) {
        // Null (no cap yet) never equals a cap, which is at least 1.
        return semaphore instanceof CappedSemaphore capped ? capped.cap : -1;
    }

    /** A fair semaphore that remembers its size, so setting the same cap twice keeps it. */
    private static final class CappedSemaphore extends Semaphore {
        private static final long serialVersionUID = 1L;
        final int cap;

        CappedSemaphore(int cap) {
            super(cap, true);
            this.cap = cap;
        }
    }

    public synchronized void setRate(double newRate) {
        if (!(newRate > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + newRate);
        }
        if (newRate == adaptive.configured()) {
            return;
        }
        refill();
        adaptive.reconfigure(newRate, lastRefillNanos);
        balance = Math.min(balance, newRate * BURST_SECONDS);
    }

    /** The configured rate; the effective one is in {@link #stats()}. */
    @Override
    public synchronized double rate() {
        return adaptive.configured();
    }

    @Override
    public synchronized RateStats stats() {
        return adaptive.stats(clock.getAsLong());
    }

    /**
     * Takes {@code estimate} units, first waiting while the bucket is in debt. Returns the
     * nanoseconds spent waiting.
     */
    @Override
    public long acquire(double estimate) throws InterruptedException {
        return acquire(estimate, 0, Long.MAX_VALUE);
    }

    @Override
    public long acquire(double estimate, long maxWaitNanos) throws InterruptedException {
        return acquire(estimate, 0, maxWaitNanos);
    }

    private long acquire(double estimate, int itemCount, long maxWaitNanos) throws InterruptedException {
        long start = clock.getAsLong();
        long waited = 0;
        while (true) {
            long waitNanos = tryAcquire(estimate, itemCount, 0, 0, 0);
            if (waitNanos == 0) {
                return waited;
            }
            long left = maxWaitNanos - Math.max(waited, clock.getAsLong() - start);
            if (left <= 0) {
                return -1;
            }
            long nap = Math.min(waitNanos, left);
            sleeper.sleepNanos(nap);
            waited += nap;
        }
    }

    /**
     * A place among the requests in flight first (so no units are spent by a request that still
     * waits for one), then the items and units. The semaphore waits in real time: it is released
     * by other threads' requests, not by the clock.
     */
    @Override
    public Slot start(double units, int itemCount, long maxWaitNanos) throws InterruptedException {
        Semaphore permits = inFlight;
        long left = maxWaitNanos;
        if (permits != null) {
            long before = System.nanoTime();
            if (!permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                return null;
            }
            left = maxWaitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : maxWaitNanos - (System.nanoTime() - before);
        }
        boolean granted = false;
        try {
            granted = acquire(units, itemCount, Math.max(0, left)) >= 0;
        } finally {
            if (!granted && permits != null) {
                permits.release();
            }
        }
        return !granted ? null : permits == null ? Slot.NONE : once(permits::release);
    }

    /** A slot that gives its place back once, however often it is closed. */
    static Slot once(Runnable release) {
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                release.run();
            }
        };
    }

    @Override
    public void chargeItems(int itemCount) {
        CapacityLimiter itemBucket = items;
        if (itemBucket != null && itemCount > 0) {
            itemBucket.settle(0, itemCount);
        }
    }

    /** Requests queued for a place in flight (for tests and diagnostics). */
    int waitingForPlace() {
        Semaphore permits = inFlight;
        return permits == null ? 0 : permits.getQueueLength();
    }

    /** For the budget server: waits up to {@code maxWaitNanos} for a place in flight; true if taken. */
    boolean tryStartRequest(long maxWaitNanos) throws InterruptedException {
        Semaphore permits = inFlight;
        return permits == null || permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
    }

    /** For the budget server: a place taken by {@link #tryStartRequest} is free again. */
    void endRequest() {
        Semaphore permits = inFlight;
        if (permits != null) {
            permits.release();
        }
    }

    /** Corrects the balance once the real consumption of a request is known. */
    @Override
    public synchronized void settle(double estimate, double consumed) {
        refill();
        balance += estimate - consumed;
        balance = Math.min(balance, adaptive.rate(lastRefillNanos) * BURST_SECONDS);
        adaptive.consumed(lastRefillNanos, consumed - estimate);
    }

    /** A throttle from DynamoDB: the table is below our rate (see {@link #throttled}). */
    @Override
    public synchronized void penalize() {
        refill();
        throttled(1);
    }

    /**
     * {@code count} throttles: counted, and on a new congestion event the rate is cut and the
     * saved burst dropped, with half a second of the new rate as debt so the table's partitions
     * get a breath. Throttles of the same event add nothing: debt per throttle made one overload
     * of many writers cost many seconds.
     */
    private void throttled(int count) {
        if (adaptive.throttled(lastRefillNanos, count)) {
            balance = Math.min(balance, 0) - adaptive.rate(lastRefillNanos) * PAUSE_SECONDS;
        }
    }

    /**
     * The driver's side of a {@link RemoteLimiter}: one {@link #acquire} attempt, without sleeping.
     * Credits {@code credit} units (estimates minus real consumption since the caller's last call)
     * and {@code itemCredit} items, counts {@code throttles}, then takes {@code estimate} units and
     * {@code itemCount} items and returns 0 if neither bucket is in debt; otherwise takes nothing and
     * returns how long the debt needs to be repaid, for the caller to sleep (part of) before asking
     * again. As with {@link #acquire}, units are only taken while the balance is positive, so the
     * units granted over any period never exceed the rate times the period plus one second of
     * burst, however many executors ask; and credits that arrive while callers wait shorten their
     * waits at once.
     */
    public synchronized long tryAcquire(double estimate, int itemCount, double credit, double itemCredit, int throttles) {
        refill();
        double rate = adaptive.rate(lastRefillNanos);
        balance = Math.min(balance + credit, rate * BURST_SECONDS);
        adaptive.consumed(lastRefillNanos, -credit);
        throttled(throttles);
        rate = adaptive.rate(lastRefillNanos);
        if (balance > 0 || estimate <= 0) {
            CapacityLimiter itemBucket = items;
            if (itemBucket != null) {
                // Both or neither: items are only taken with the units, under this bucket's lock.
                // No items known yet (a page to scan) still waits while earlier pages left the items in debt.
                long itemWait = itemBucket.tryAcquire(itemCount > 0 ? itemCount : Double.MIN_VALUE, 0, itemCredit, 0, 0);
                if (itemWait > 0) {
                    return itemWait;
                }
            }
            balance -= Math.max(estimate, 0);
            adaptive.consumed(lastRefillNanos, Math.max(estimate, 0));
            return 0;
        }
        if (items != null && itemCredit != 0) {
            items.settle(0, -itemCredit);
        }
        return Math.max(1_000, (long) Math.ceil((-balance + Math.min(estimate, rate * 0.01)) / rate * 1e9));
    }


    private void refill() {
        long now = clock.getAsLong();
        long elapsed = now - lastRefillNanos;
        if (elapsed > 0) {
            double rate = adaptive.rate(now);
            balance = Math.min(balance + elapsed / 1e9 * rate, rate * BURST_SECONDS);
            lastRefillNanos = now;
        }
    }
}
