package dev.bulk.dynamo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long an endpoint has given no answer at all, shared by every writer of this JVM that talks
 * to it: once it has been silent for a writer's whole retry deadline, writers stop sending and list
 * their items at once, so a dead endpoint ends every unit of a job in bounded time, not one deadline
 * per unit. One attempt a second still goes out as a probe, so writes resume as soon as the
 * endpoint answers again.
 */
public final class Silence {
    private static final Map<String, Silence> SHARED = new ConcurrentHashMap<>();
    private static final long PROBE_EVERY_MILLIS = 1_000;

    /** When the endpoint stopped answering (the first network error since its last answer), 0 while it answers. */
    private final AtomicLong since = new AtomicLong();
    private final AtomicLong lastProbe = new AtomicLong();
    private volatile long lastErrorAt;
    private volatile String lastError = "";

    /** The tracker of this JVM for an endpoint (as {@link ClientSettings#describe()} names it). */
    public static Silence of(String endpoint) {
        return SHARED.computeIfAbsent(endpoint, key -> new Silence());
    }

    /** A tracker of its own, for a writer that shares it with no one. */
    static Silence alone() {
        return new Silence();
    }

    void answered() {
        since.set(0);
    }

    void unanswered(String error) {
        long now = System.currentTimeMillis();
        lastError = error;
        lastErrorAt = now;
        since.compareAndSet(0, now);
    }

    /**
     * Why an attempt should not be sent: the endpoint has not answered for {@code deadlineMillis}
     * (and this attempt is not the second's probe); null if it may go.
     */
    String stop(long deadlineMillis) {
        long start = since.get();
        long now = System.currentTimeMillis();
        // A silence nobody has tried since (an earlier run's, in a long-lived JVM) says nothing about now.
        if (start == 0 || now - start < deadlineMillis || now - lastErrorAt >= deadlineMillis) {
            return null;
        }
        long probe = lastProbe.get();
        if (now - probe >= PROBE_EVERY_MILLIS && lastProbe.compareAndSet(probe, now)) {
            return null;
        }
        return "DynamoDB has not answered for " + (now - start) / 1000 + " s (the retry deadline is " + deadlineMillis / 1000
                + " s; last error: " + lastError + ")";
    }
}
