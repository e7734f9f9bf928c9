package dev.bulk.dynamo;

/**
 * The capacity budget a DynamoDB call draws on: {@link #acquire} an estimate before the call (or
 * {@link #start} a request, which also honours the job's concurrency and items-per-second caps),
 * {@link #settle} with the units DynamoDB reports after it, {@link #penalize} on a throttle.
 * Locally a {@link CapacityLimiter} (one token bucket per JVM); on a cluster a
 * {@link RemoteLimiter} that draws on the one bucket the driver holds for the whole job.
 */
public interface Limiter {
    /** One request's place among the requests in flight: closed when its answer is in. */
    interface Slot extends AutoCloseable {
        /** No concurrency cap: nothing to give back. */
        Slot NONE = () -> { };

        @Override
        void close();
    }

    /** Takes {@code estimate} units, waiting while the budget is in debt; returns the nanoseconds waited. */
    long acquire(double estimate) throws InterruptedException;

    /**
     * As {@link #acquire(double)}, but waits at most {@code maxWaitNanos}: returns -1, having
     * taken nothing, if the budget is still in debt by then, so a caller's retry deadline holds
     * while it waits.
     */
    long acquire(double estimate, long maxWaitNanos) throws InterruptedException;

    /**
     * Starts one request of {@code items} items (0 if not known before the answer: then
     * {@link #chargeItems} after it) estimated at {@code units} units: waits for a place among the
     * requests in flight if the job caps them, for the items if it caps items per second, and for
     * the units, all within {@code maxWaitNanos}. Returns the place, to close once the answer is in,
     * or null (holding nothing) if the wait would be longer.
     */
    default Slot start(double units, int items, long maxWaitNanos) throws InterruptedException {
        return acquire(units, maxWaitNanos) < 0 ? null : Slot.NONE;
    }

    /** Items a request handled that were not known when it started (a scanned page): count against the items cap. */
    default void chargeItems(int items) {
    }

    /** Corrects the budget once the real consumption of a request is known. */
    void settle(double estimate, double consumed);

    /**
     * A throttle from DynamoDB (an error, or unprocessed items of a batch): the table is below our
     * rate, slow down. The budget's effective rate is cut, at most once per congestion window
     * however many requests report it (see {@link AdaptiveRate}). Only for throttles: a network
     * error or a 5xx says nothing about capacity, and slowing down for those only stalls the
     * writers after the endpoint is back.
     */
    void penalize();

    /** The budget's configured rate in units per second (the whole job's, wherever the bucket is). */
    double rate();

    /**
     * The throttles and rates so far, for the summary. On an executor of a cluster the numbers are
     * the driver's ({@link Budget#stats()} there); this executor's view is its own throttles only.
     */
    default RateStats stats() {
        return RateStats.none(rate());
    }

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
