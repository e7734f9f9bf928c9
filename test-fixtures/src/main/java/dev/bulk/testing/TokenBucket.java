package dev.bulk.testing;

import java.util.function.LongSupplier;

/**
 * Capacity units refilled continuously at {@code rate} per second up to {@code rate × burstSeconds}
 * (at least one second's worth), as DynamoDB keeps unused capacity as burst credit. The balance may
 * go below zero: DynamoDB knows what a read cost only after serving it, and charges it anyway, so a
 * large page leaves a debt that later requests wait out. Not thread-safe: its owner locks.
 */
final class TokenBucket {
    private final LongSupplier nanos;
    private double rate;
    private double burstSeconds;
    private double balance;
    private long last;

    /** Starts with one second's worth: a new table has accumulated no burst credit yet. */
    TokenBucket(double rate, double burstSeconds, LongSupplier nanos) {
        this.nanos = nanos;
        this.rate = rate;
        this.burstSeconds = burstSeconds;
        this.last = nanos.getAsLong();
        this.balance = Math.min(rate, ceiling());
    }

    double rate() {
        return rate;
    }

    /** A new rate (capacity changed at run time); credit beyond the new ceiling is lost. */
    void setRate(double newRate) {
        refill();
        rate = newRate;
        balance = Math.min(balance, ceiling());
    }

    double balance() {
        refill();
        return balance;
    }

    /**
     * Whether a request estimated at {@code units} may start: the balance covers it, or the bucket is
     * full (a request larger than the whole burst would otherwise never pass; it leaves a debt).
     */
    boolean admits(double units) {
        refill();
        return balance >= units - 1e-9 || (rate > 0 && balance >= ceiling() - 1e-9);
    }

    /** Charges {@code units}; a negative amount gives back an over-estimate. */
    void take(double units) {
        refill();
        balance = Math.min(ceiling(), balance - units);
    }

    private double ceiling() {
        return rate * Math.max(1, burstSeconds);
    }

    private void refill() {
        long now = nanos.getAsLong();
        if (now > last) {
            balance = Math.min(ceiling(), balance + (now - last) / 1e9 * rate);
            last = now;
        }
    }
}
