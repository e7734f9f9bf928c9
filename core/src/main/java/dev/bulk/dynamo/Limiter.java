package dev.bulk.dynamo;

/**
 * The capacity budget a DynamoDB call draws on: {@link #acquire} an estimate before the call,
 * {@link #settle} with the units DynamoDB reports after it, {@link #penalize} on a throttle.
 * Locally a {@link CapacityLimiter} (one token bucket per JVM); on a cluster a
 * {@link RemoteLimiter} that draws on the one bucket the driver holds for the whole job.
 */
public interface Limiter {
    /** Takes {@code estimate} units, waiting while the budget is in debt; returns the nanoseconds waited. */
    long acquire(double estimate) throws InterruptedException;

    /**
     * As {@link #acquire(double)}, but waits at most {@code maxWaitNanos}: returns -1, having
     * taken nothing, if the budget is still in debt by then, so a caller's retry deadline holds
     * while it waits.
     */
    long acquire(double estimate, long maxWaitNanos) throws InterruptedException;

    /** Corrects the budget once the real consumption of a request is known. */
    void settle(double estimate, double consumed);

    /**
     * A throttle from DynamoDB: the table is below our rate, slow down. Only for throttles: a
     * network error or a 5xx says nothing about capacity, and paying debt for those only stalls
     * the writers after the endpoint is back.
     */
    void penalize();

    /** The budget's rate in units per second (the whole job's rate, wherever the bucket is). */
    double rate();

    /**
     * The most one request should cost: a fifth of a second of rate, so that at low rates one
     * page or batch never spends several seconds of budget at once (the budget is then exceeded
     * for a moment and repaid by a long pause). Unbounded in practice at 640 units/s and up,
     * where a full 1 MB page (128 units) fits.
     */
    default double maxUnitsPerRequest() {
        return Math.max(1.0, rate() * 0.2);
    }
}
