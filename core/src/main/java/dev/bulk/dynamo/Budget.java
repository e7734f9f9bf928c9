package dev.bulk.dynamo;

import java.io.Serializable;

/**
 * A job's capacity budget as plain data, shipped to the executors, which turn it into this JVM's
 * {@link Limiter}. Without a host it is a local bucket (local Spark: the driver is the only
 * executor). With one, every executor draws on the single bucket the driver's
 * {@link BudgetServer} holds, so the job's total stays within {@code rate} whatever the number of
 * executors running; {@code fallbackRate} is the even share an executor uses alone if it cannot
 * reach the driver.
 *
 * @param id           the budget's name on the driver (unique per job and table)
 * @param rate         units per second for the whole job
 * @param host         the driver's address, or null for a local bucket
 * @param secret       proves to the driver that a caller belongs to this job
 * @param fallbackRate units per second for one executor that cannot reach the driver
 */
public record Budget(String id, double rate, String host, int port, String secret, double fallbackRate)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No budget given: a bucket so large it never waits. */
    private static final double UNLIMITED = 1e12;

    public Budget {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + rate);
        }
    }

    public static Budget local(String id, double rate) {
        return new Budget(id, rate > 0 ? rate : UNLIMITED, null, 0, null, rate > 0 ? rate : UNLIMITED);
    }

    public boolean isShared() {
        return host != null;
    }

    /** This JVM's limiter for the budget; every task of the JVM gets the same one. */
    public Limiter limiter() {
        return host == null ? CapacityLimiter.shared(id, rate) : RemoteLimiter.shared(this);
    }

    @Override
    public String toString() {
        return "Budget[" + id + ", " + rate + " units/s" + (host == null ? "" : ", driver " + host + ":" + port) + "]";
    }
}
