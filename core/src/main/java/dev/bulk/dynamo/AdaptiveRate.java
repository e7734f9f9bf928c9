package dev.bulk.dynamo;

/**
 * The effective rate of one budget, adapted to what the table really takes (additive increase,
 * multiplicative decrease). It starts at the configured rate; a throttle cuts it, at most once per
 * {@link #WINDOW_NANOS window}; while no throttles arrive it climbs back, never above the
 * configured rate and never below {@link #FLOOR}. Time is passed in by the owner
 * ({@link CapacityLimiter}, which calls it under its lock), so the arithmetic is tested without
 * clocks or sleeps.
 *
 * <p>Why these numbers:
 * <ul>
 * <li>Window, one second: DynamoDB meters capacity per second, and the requests already in flight
 * or in backoff when a cut happens (up to the writers' concurrency, 8 writers times a few chunks)
 * report their throttles within about that second. Counting them all would cut the rate for one
 * overload many times over.</li>
 * <li>Cut: to 90 % of the units the table accepted over the last window, but no deeper than 0.7
 * and no lighter than 0.9 of the rate. The accepted rate is the best estimate of the real
 * capacity, so a job running just above it drops to 90 % of it instead of by a fixed 30 % (a fixed
 * 0.7 sawtooth averages 85 % of the capacity; this one, with the slow probe below, about
 * 95 %); the 0.7 bound keeps a misleading measurement (an idle moment, the first second of a
 * job) from dropping the rate further than plain AIMD would on one window's evidence.</li>
 * <li>Throttles again in the window right after a cut confirm the measurement: that cut may go as
 * deep as 0.5 (plain AIMD's halving) towards 90 % of what was accepted. A table whose capacity
 * dropped from 400 to 100 units/s is then under it after two cuts (400, 280, 90) instead of four
 * (0.7^4 &times; 400 = 96), about two seconds sooner; a job running just above its capacity is
 * unaffected (its cuts are 0.9, well within both bounds).</li>
 * <li>Recovery, +5 % of the configured rate per second, starting one window after the last throttle
 * (throttles of requests sent before the cut still arrive during that window): from 0.7 back to
 * full in six seconds. Between 90 % and 100 % of the rate that was last throttled it slows to
 * +1 % per second, so the job stays long near the capacity it found rather than running into it
 * again at once; past that rate (the capacity grew) it climbs at full speed again.</li>
 * <li>Floor, 1 unit/s (or the configured rate if lower): a job always makes progress.</li>
 * </ul>
 */
final class AdaptiveRate {
    static final long WINDOW_NANOS = 1_000_000_000L;
    static final double DEEPEST_CUT = 0.7;
    static final double DEEPEST_CONFIRMED_CUT = 0.5;
    static final double LIGHTEST_CUT = 0.9;
    static final double SHARE_OF_ACCEPTED = 0.9;
    static final double RECOVERY_PER_SECOND = 0.05;
    static final double PROBE_PER_SECOND = 0.01;
    static final double PROBE_FROM = 0.9;
    static final double FLOOR = 1.0;

    private double configured;
    private final long startNanos;
    private double rate;
    private double lowest;
    private long lastUpdate;
    private long lastThrottle;
    private long lastCut;
    private boolean throttledYet;
    /** The rate at the last cut: the one the table refused; 0 before any. */
    private double refusedRate;
    private long throttles;
    private long events;
    private double consumed;
    /** Units accepted in the current and the previous window-long slot (a sliding window). */
    private long slotStart;
    private double slotUnits;
    private double previousSlotUnits;

    AdaptiveRate(double configured, long nowNanos) {
        this.configured = configured;
        this.rate = configured;
        this.lowest = configured;
        this.startNanos = nowNanos;
        this.lastUpdate = nowNanos;
        this.slotStart = nowNanos;
    }

    /** The effective rate at {@code now}, after any recovery since the last call. */
    double rate(long now) {
        recover(now);
        return rate;
    }

    double configured() {
        return configured;
    }

    /** A new configured rate (a shared bucket retuned): the effective rate never exceeds it. */
    void reconfigure(double newConfigured, long now) {
        recover(now);
        configured = newConfigured;
        rate = Math.min(rate, newConfigured);
        lowest = Math.min(lowest, rate);
    }

    /** Units the table accepted (negative: a correction of an earlier estimate). */
    void consumed(long now, double units) {
        roll(now);
        slotUnits += units;
        consumed += units;
    }

    /**
     * {@code count} throttles seen at {@code now}: counted, and the rate cut unless it was already
     * cut within the last window. Returns whether this was a new congestion event (a cut).
     */
    boolean throttled(long now, int count) {
        if (count <= 0) {
            return false;
        }
        recover(now);
        throttles += count;
        lastThrottle = now;
        boolean first = !throttledYet;
        throttledYet = true;
        if (!first && now - lastCut < WINDOW_NANOS) {
            return false;
        }
        double accepted = acceptedPerSecond(now);
        boolean confirmed = !first && now - lastCut < 2 * WINDOW_NANOS;
        double deepest = confirmed ? DEEPEST_CONFIRMED_CUT : DEEPEST_CUT;
        double target = Double.isNaN(accepted) ? rate * DEEPEST_CUT
                : Math.max(rate * deepest, Math.min(rate * LIGHTEST_CUT, accepted * SHARE_OF_ACCEPTED));
        refusedRate = rate;
        rate = Math.max(Math.min(FLOOR, configured), target);
        lowest = Math.min(lowest, rate);
        lastCut = now;
        events++;
        return true;
    }

    RateStats stats(long now) {
        double current = rate(now);
        return new RateStats(configured, current, lowest, throttles, events, consumed, Math.max(0, now - startNanos) / 1e9);
    }

    /** Units accepted over the last window, per second; NaN before a whole window has passed. */
    private double acceptedPerSecond(long now) {
        roll(now);
        if (now - startNanos < WINDOW_NANOS) {
            return Double.NaN;
        }
        double intoSlot = (double) (now - slotStart) / WINDOW_NANOS;
        double units = slotUnits + previousSlotUnits * (1 - intoSlot);
        return Math.max(0, units) * 1e9 / WINDOW_NANOS;
    }

    private void roll(long now) {
        long slots = (now - slotStart) / WINDOW_NANOS;
        if (slots <= 0) {
            return;
        }
        previousSlotUnits = slots == 1 ? slotUnits : 0;
        slotUnits = 0;
        slotStart += slots * WINDOW_NANOS;
    }

    /** Additive recovery over the time since the last update that lies a window or more after the last throttle. */
    private void recover(long now) {
        long from = throttledYet ? Math.max(lastUpdate, lastThrottle + WINDOW_NANOS) : lastUpdate;
        lastUpdate = Math.max(lastUpdate, now);
        double seconds = (now - from) / 1e9;
        while (seconds > 0 && rate < configured) {
            boolean probing = refusedRate > 0 && rate >= refusedRate * PROBE_FROM && rate < refusedRate;
            double slope = (probing ? PROBE_PER_SECOND : RECOVERY_PER_SECOND) * configured;
            double until = probing ? refusedRate
                    : refusedRate > 0 && rate < refusedRate * PROBE_FROM ? refusedRate * PROBE_FROM : configured;
            until = Math.min(until, configured);
            double needed = (until - rate) / slope;
            if (needed >= seconds) {
                rate += slope * seconds;
                return;
            }
            rate = until;
            seconds -= needed;
        }
    }
}
