package dev.bulk.testing;

/**
 * What one client (told apart by the access key id its requests are signed with) did through
 * {@link ThrottlingDynamoFake}: requests, throttled requests, units consumed, and so units per
 * second between its first and its latest request on the fake's clock.
 */
public final class ClientStats {
    private long requests;
    private long throttled;
    private long unprocessed;
    private double readUnits;
    private double writeUnits;
    private long firstNanos;
    private long lastNanos;

    /** A consistent copy of one client's counters. */
    public record Snapshot(long requests, long throttled, long unprocessed, double readUnits, double writeUnits,
            double seconds) {
        /** Read plus write units per second over the client's active time (all of them if it was instantaneous). */
        public double unitsPerSecond() {
            double units = readUnits + writeUnits;
            return seconds <= 0 ? units : units / seconds;
        }
    }

    synchronized void request(long nanos, boolean refused) {
        if (requests == 0) {
            firstNanos = nanos;
        }
        requests++;
        lastNanos = nanos;
        if (refused) {
            throttled++;
        }
    }

    synchronized void consumed(boolean isWrite, double units, int notProcessed) {
        if (isWrite) {
            writeUnits += units;
        } else {
            readUnits += units;
        }
        unprocessed += notProcessed;
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(requests, throttled, unprocessed, readUnits, writeUnits, (lastNanos - firstNanos) / 1e9);
    }
}
