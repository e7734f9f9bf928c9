package dev.bulk.dynamo;

import java.io.Serializable;

/**
 * What a budget's adaptive rate went through, for a job's summary: the throttles DynamoDB sent,
 * how many congestion events (cuts of the rate, at most one per second however many throttles
 * came together) they made, the configured, lowest and final effective rates, and the units the
 * table accepted (estimates settled with what DynamoDB reported) over the budget's life.
 *
 * @param configuredRate units per second the budget was given (the ceiling of the effective rate)
 * @param finalRate      the effective rate when the snapshot was taken
 * @param lowestRate     the lowest effective rate so far
 * @param throttles      throttled requests reported to the budget
 * @param congestionEvents cuts of the rate
 * @param consumedUnits  units consumed, as settled with DynamoDB's reports
 * @param seconds        how long the budget has existed
 */
public record RateStats(double configuredRate, double finalRate, double lowestRate, long throttles, long congestionEvents,
        double consumedUnits, double seconds) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A budget that never ran (or an unlimited one): nothing happened. */
    public static RateStats none(double configuredRate) {
        return new RateStats(configuredRate, configuredRate, configuredRate, 0, 0, 0, 0);
    }

    /** Units consumed per second over the budget's life (0 before any time passed). */
    public double unitsPerSecond() {
        return seconds > 0 ? consumedUnits / seconds : 0;
    }

    /** One line for a summary, e.g. "3 throttles, 1 slowdowns; rate lowest 490, final 700 of 700 units/s". */
    public String describe() {
        return String.format("%,d throttles, %,d slowdowns; rate lowest %,.0f, final %,.0f of %,.0f units/s", throttles,
                congestionEvents, lowestRate, finalRate, configuredRate);
    }
}
