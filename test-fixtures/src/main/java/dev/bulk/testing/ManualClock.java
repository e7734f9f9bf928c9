package dev.bulk.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A nanosecond clock that moves only when a test says so, for {@link ThrottlingDynamoFake}: capacity
 * refills and on-demand peaks then follow the test's steps, with no sleeping and no timing.
 */
public final class ManualClock implements LongSupplier {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    public void advance(Duration step) {
        nanos.addAndGet(step.toNanos());
    }
}
