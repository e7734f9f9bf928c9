package dev.bulk.dynamo;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A job's capacity budget as plain data, shipped to the executors, which turn it into this JVM's
 * {@link Limiter}. Without a host it is a local bucket (local Spark: the driver is the only
 * executor). With one, every executor draws on the single bucket the driver's
 * {@link BudgetServer} holds, so the job's total stays within {@code rate} whatever the number of
 * executors running; {@code fallbackRate} is the even share an executor uses alone if it cannot
 * reach the driver.
 *
 * @param id             the budget's name on the driver (unique per job and table)
 * @param rate           units per second for the whole job: the ceiling of the adaptive rate
 * @param host           the driver's address, or null for a local bucket
 * @param secret         proves to the driver that a caller belongs to this job
 * @param fallbackRate   units per second for one executor that cannot reach the driver
 * @param maxConcurrency at most this many requests in flight across the job, or null for no cap
 * @param itemsPerSecond at most this many items per second across the job, or null for no cap
 */
public record Budget(String id, double rate, String host, int port, String secret, double fallbackRate,
        Integer maxConcurrency, Double itemsPerSecond) implements Serializable {
    private static final long serialVersionUID = 2L;

    /** No budget given: a bucket so large it never waits. */
    private static final double UNLIMITED = 1e12;
    /** Local budgets of the same name in one JVM (jobs run one after another in tests) each get their own bucket. */
    private static final AtomicLong LOCAL_IDS = new AtomicLong();

    public Budget {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + rate);
        }
        if (maxConcurrency != null && maxConcurrency < 1) {
            throw new IllegalArgumentException("at least one request must be allowed in flight: " + maxConcurrency);
        }
        if (itemsPerSecond != null && !(itemsPerSecond > 0)) {
            throw new IllegalArgumentException("items per second must be positive: " + itemsPerSecond);
        }
    }

    /** A budget without caps. */
    public Budget(String id, double rate, String host, int port, String secret, double fallbackRate) {
        this(id, rate, host, port, secret, fallbackRate, null, null);
    }

    /**
     * A bucket in this JVM. Each call makes a new budget (the id gets a serial number), so a job
     * starts at its configured rate and its statistics are its own, not those of an earlier job
     * of the same JVM that drew on the same table.
     */
    public static Budget local(String id, double rate) {
        return new Budget(id + "#local" + LOCAL_IDS.incrementAndGet(), rate > 0 ? rate : UNLIMITED, null, 0, null,
                rate > 0 ? rate : UNLIMITED);
    }

    /**
     * The same budget with caps (null: none). For a shared budget, register the caps on the driver
     * instead ({@link BudgetServer#register(String, double, double, Integer, Double)}): the
     * driver's bucket enforces them.
     */
    public Budget withCaps(Integer concurrency, Double items) {
        return new Budget(id, rate, host, port, secret, fallbackRate, concurrency, items);
    }

    public boolean isShared() {
        return host != null;
    }

    /** Whether {@link #rate} is a real limit (not the stand-in for "no budget given"). */
    public boolean isLimited() {
        return rate < UNLIMITED;
    }

    /** This JVM's limiter for the budget; every task of the JVM gets the same one. */
    public Limiter limiter() {
        return host == null ? CapacityLimiter.shared(id, rate, maxConcurrency, itemsPerSecond) : RemoteLimiter.shared(this);
    }

    /**
     * The budget's throttles and rates, for the summary: call it on the driver after the job.
     * Locally the JVM's bucket; for a shared budget the driver's bucket (this JVM must be the
     * driver that registered it). A budget no task drew on has nothing to tell.
     */
    public RateStats stats() {
        CapacityLimiter bucket = host == null ? CapacityLimiter.existing(id) : BudgetServer.bucketOf(id);
        return bucket == null ? RateStats.none(rate) : bucket.stats();
    }

    /** The caps as a line for the console, e.g. "Max concurrency: 8 requests; max items: 500/s", or "" without caps. */
    public String describeCaps() {
        StringBuilder line = new StringBuilder();
        if (maxConcurrency != null) {
            line.append("Max concurrency: ").append(maxConcurrency).append(maxConcurrency == 1 ? " request in flight" : " requests in flight");
        }
        if (itemsPerSecond != null) {
            line.append(line.length() > 0 ? "; " : "").append(String.format("Max items: %,.0f/s", itemsPerSecond));
        }
        return line.toString();
    }

    @Override
    public String toString() {
        String caps = describeCaps();
        return "Budget[" + id + ", " + rate + " units/s" + (host == null ? "" : ", driver " + host + ":" + port)
                + (caps.isEmpty() ? "" : ", " + caps) + "]";
    }
}
