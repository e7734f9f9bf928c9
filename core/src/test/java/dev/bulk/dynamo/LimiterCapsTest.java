package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The concurrency and items-per-second caps of a local budget. Requests are held open by a latch
 * until every other thread is either inside or queued for a place, so the high-water mark of
 * requests in flight is decided by the cap, not by scheduling luck.
 */
class LimiterCapsTest {
    private static final int THREADS = 12;
    private static final int CAP = 3;

    @Test
    @Timeout(120) // a guard against a hang, not a timing assertion
    void atMostTheCapOfRequestsAreInFlightWhateverTheThreads() throws Exception {
        CapacityLimiter limiter = CapacityLimiter.system(1e9);
        limiter.setCaps(CAP, null);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch open = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> requests = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                requests.add(pool.submit(() -> {
                    try (Limiter.Slot slot = limiter.start(1, 1, Long.MAX_VALUE)) {
                        highWater.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        open.await();
                        inside.decrementAndGet();
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            // Every thread is either holding a place or queued for one.
            while (inside.get() + limiter.waitingForPlace() < THREADS) {
                Thread.onSpinWait();
            }
            assertThat(inside.get()).isEqualTo(CAP);
            assertThat(limiter.waitingForPlace()).isEqualTo(THREADS - CAP);
            open.countDown();
            for (Future<?> request : requests) {
                request.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(highWater.get()).isEqualTo(CAP);
        assertThat(done.get()).isEqualTo(THREADS);
        // Every place came back.
        assertThat(limiter.waitingForPlace()).isZero();
        try (Limiter.Slot slot = limiter.start(1, 1, 0)) {
            assertThat(slot).isNotNull();
        }
    }

    @Test
    void aRequestThatCannotGetAPlaceInTimeHoldsNothing() throws InterruptedException {
        CapacityLimiter limiter = CapacityLimiter.system(1e9);
        limiter.setCaps(1, null);
        Limiter.Slot first = limiter.start(1, 1, 0);
        assertThat(first).isNotNull();
        assertThat(limiter.start(1, 1, 0)).isNull();
        first.close();
        first.close(); // closing twice gives the place back once
        Limiter.Slot second = limiter.start(1, 1, 0);
        assertThat(second).isNotNull();
        assertThat(limiter.start(1, 1, 0)).isNull();
        second.close();
    }

    @Test
    void theItemsCapHoldsTheItemRateWhateverTheUnits() throws InterruptedException {
        CapacityLimiterTest.FakeClock clock = new CapacityLimiterTest.FakeClock();
        CapacityLimiter limiter = new CapacityLimiter(1e6, clock::now, clock::sleep);
        limiter.setCaps(null, 50.0);
        long start = clock.now();
        long items = 0;
        while (clock.now() - start < 60_000_000_000L) {
            // Batches of 25 items costing 1 unit each: the unit rate would allow far more.
            try (Limiter.Slot slot = limiter.start(25, 25, Long.MAX_VALUE)) {
                limiter.settle(25, 25);
                items += 25;
            }
        }
        double seconds = (clock.now() - start) / 1e9;
        assertThat(items / seconds).isBetween(45.0, 55.0);
    }

    @Test
    void itemsChargedAfterAPageMakeTheNextPageWait() throws InterruptedException {
        CapacityLimiterTest.FakeClock clock = new CapacityLimiterTest.FakeClock();
        CapacityLimiter limiter = new CapacityLimiter(1e6, clock::now, clock::sleep);
        limiter.setCaps(null, 100.0);
        try (Limiter.Slot slot = limiter.start(1, 0, Long.MAX_VALUE)) {
            limiter.chargeItems(500); // the page held 500 items: 5 s of the item rate
        }
        long before = clock.now();
        limiter.start(1, 0, Long.MAX_VALUE).close();
        assertThat((clock.now() - before) / 1e9).isBetween(4.5, 5.5);
    }

    @Test
    void throttlesCutTheBucketsRateOncePerWindowAndTheStatisticsSayIt() throws InterruptedException {
        CapacityLimiterTest.FakeClock clock = new CapacityLimiterTest.FakeClock();
        CapacityLimiter limiter = new CapacityLimiter(100, clock::now, clock::sleep);
        for (int i = 0; i < 20; i++) {
            limiter.penalize();
        }
        RateStats stats = limiter.stats();
        assertThat(stats.throttles()).isEqualTo(20);
        assertThat(stats.congestionEvents()).isEqualTo(1);
        assertThat(stats.finalRate()).isEqualTo(70);
        assertThat(stats.configuredRate()).isEqualTo(100);
        // One half-second pause for the event, not twenty.
        long before = clock.now();
        limiter.acquire(1);
        assertThat((clock.now() - before) / 1e9).isBetween(0.49, 0.6);
        // Units settled are what the statistics count as consumed.
        limiter.settle(1, 3);
        assertThat(limiter.stats().consumedUnits()).isEqualTo(3);
    }
}
