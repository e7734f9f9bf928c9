package dev.bulk.dynamo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket of capacity units, one per JVM and budget, shared by every task of that JVM.
 *
 * <p>A caller {@link #acquire acquires} an estimate before a request and {@link #settle settles}
 * with the units DynamoDB reports afterwards, so the bucket follows real consumption. The balance
 * may go negative (debt): the next acquire waits until the debt is repaid at the configured rate.
 * The balance is capped at one second of rate, so an idle period can never release a burst larger
 * than that. Clock and sleep are injected so tests run without sleeping.
 */
public final class CapacityLimiter implements Limiter {
    /** Sleeps for the given nanoseconds; injected so tests can advance a fake clock instead. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final Map<String, CapacityLimiter> SHARED = new ConcurrentHashMap<>();
    private static final double BURST_SECONDS = 1.0;

    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double ratePerSecond;
    private double balance;
    private long lastRefillNanos;

    public CapacityLimiter(double ratePerSecond, LongSupplier clock, Sleeper sleeper) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
        this.lastRefillNanos = clock.getAsLong();
        // Start with a small allowance rather than a full bucket so a job starts at the rate, not above it.
        this.balance = Math.min(ratePerSecond * 0.1, ratePerSecond);
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

    public synchronized void setRate(double newRate) {
        if (!(newRate > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + newRate);
        }
        refill();
        ratePerSecond = newRate;
        balance = Math.min(balance, ratePerSecond * BURST_SECONDS);
    }

    @Override
    public synchronized double rate() {
        return ratePerSecond;
    }

    /**
     * Takes {@code estimate} units, first waiting while the bucket is in debt. Returns the
     * nanoseconds spent waiting.
     */
    @Override
    public long acquire(double estimate) throws InterruptedException {
        return acquire(estimate, Long.MAX_VALUE);
    }

    @Override
    public long acquire(double estimate, long maxWaitNanos) throws InterruptedException {
        long start = clock.getAsLong();
        long waited = 0;
        while (true) {
            long waitNanos = tryAcquire(estimate, 0, false);
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

    /** Corrects the balance once the real consumption of a request is known. */
    @Override
    public synchronized void settle(double estimate, double consumed) {
        refill();
        balance += estimate - consumed;
        balance = Math.min(balance, ratePerSecond * BURST_SECONDS);
    }

    /** A throttle from DynamoDB means the table is below our rate: pay a second of rate as debt. */
    @Override
    public synchronized void penalize() {
        refill();
        balance = Math.min(balance, 0) - ratePerSecond * 0.5;
    }

    /**
     * The driver's side of a {@link RemoteLimiter}: one {@link #acquire} attempt, without sleeping.
     * Credits {@code credit} units (estimates minus real consumption since the caller's last call),
     * applies a throttle penalty if asked, then takes {@code estimate} units and returns 0 if the
     * bucket is not in debt; otherwise takes nothing and returns how long the debt needs to be
     * repaid, for the caller to sleep (part of) before asking again. As with {@link #acquire}, units
     * are only taken while the balance is positive, so the units granted over any period never
     * exceed the rate times the period plus one second of burst, however many executors ask; and
     * credits that arrive while callers wait shorten their waits at once.
     */
    public synchronized long tryAcquire(double estimate, double credit, boolean penalize) {
        refill();
        balance = Math.min(balance + credit, ratePerSecond * BURST_SECONDS);
        if (penalize) {
            balance = Math.min(balance, 0) - ratePerSecond * 0.5;
        }
        if (balance > 0 || estimate <= 0) {
            balance -= Math.max(estimate, 0);
            return 0;
        }
        return Math.max(1_000, (long) Math.ceil((-balance + Math.min(estimate, ratePerSecond * 0.01)) / ratePerSecond * 1e9));
    }

    private void refill() {
        long now = clock.getAsLong();
        long elapsed = now - lastRefillNanos;
        if (elapsed > 0) {
            balance = Math.min(balance + elapsed / 1e9 * ratePerSecond, ratePerSecond * BURST_SECONDS);
            lastRefillNanos = now;
        }
    }
}
