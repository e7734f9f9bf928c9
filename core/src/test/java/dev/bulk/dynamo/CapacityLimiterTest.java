package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CapacityLimiterTest {
    /** A clock that only moves when the limiter sleeps. */
    static final class FakeClock {
        long nanos = 1_000_000_000L;
        long slept;

        long now() {
            return nanos;
        }

        void sleep(long duration) {
            nanos += duration;
            slept += duration;
        }
    }

    @Test
    void holdsTheRateOverAMinuteOfRequestsThatCostWhatWasEstimated() throws InterruptedException {
        FakeClock clock = new FakeClock();
        CapacityLimiter limiter = new CapacityLimiter(100, clock::now, clock::sleep);
        long start = clock.now();
        double consumed = 0;
        while (clock.now() - start < 60_000_000_000L) {
            limiter.acquire(10);
            limiter.settle(10, 10);
            consumed += 10;
        }
        double seconds = (clock.now() - start) / 1e9;
        assertThat(consumed / seconds).isCloseTo(100, within(5.0));
    }

    @Test
    void worksAtOneUnitPerSecond() throws InterruptedException {
        FakeClock clock = new FakeClock();
        CapacityLimiter limiter = new CapacityLimiter(1, clock::now, clock::sleep);
        long start = clock.now();
        for (int i = 0; i < 30; i++) {
            limiter.acquire(1);
            limiter.settle(1, 1);
        }
        double seconds = (clock.now() - start) / 1e9;
        assertThat(30 / seconds).isCloseTo(1.0, within(0.1));
    }

    @Test
    void repaysDebtWhenARequestCostMoreThanEstimated() throws InterruptedException {
        FakeClock clock = new FakeClock();
        CapacityLimiter limiter = new CapacityLimiter(100, clock::now, clock::sleep);
        limiter.acquire(1);
        // The page really cost 500 units: 5 s of budget.
        limiter.settle(1, 500);
        long before = clock.now();
        limiter.acquire(1);
        double waited = (clock.now() - before) / 1e9;
        assertThat(waited).isBetween(4.5, 5.5);
    }

    @Test
    void anIdlePeriodReleasesAtMostOneSecondOfBurst() throws InterruptedException {
        FakeClock clock = new FakeClock();
        CapacityLimiter limiter = new CapacityLimiter(100, clock::now, clock::sleep);
        clock.nanos += 3_600_000_000_000L; // an hour idle
        long before = clock.now();
        double taken = 0;
        while (clock.now() == before) {
            limiter.acquire(1);
            limiter.settle(1, 1);
            taken += 1;
        }
        // Without waiting, no more than one second of rate (+ the request that went into debt).
        assertThat(taken).isLessThanOrEqualTo(101);
        assertThat(taken).isGreaterThanOrEqualTo(99);
    }

    @Test
    void aThrottleSlowsTheNextRequestDown() throws InterruptedException {
        FakeClock clock = new FakeClock();
        CapacityLimiter limiter = new CapacityLimiter(100, clock::now, clock::sleep);
        limiter.acquire(1);
        limiter.settle(1, 1);
        limiter.penalize();
        long before = clock.now();
        limiter.acquire(1);
        assertThat((clock.now() - before) / 1e9).isGreaterThanOrEqualTo(0.49);
    }

    @Test
    void sharedLimiterIsOnePerKeyAndTakesTheNewRate() {
        String key = "test-same-" + System.nanoTime();
        CapacityLimiter a = CapacityLimiter.shared(key, 50);
        CapacityLimiter b = CapacityLimiter.shared(key, 80);
        assertThat(b).isSameAs(a);
        assertThat(a.rate()).isEqualTo(80);
        assertThat(CapacityLimiter.shared(key + "-other", 80)).isNotSameAs(a);
    }

    @Test
    void acquireWithADeadlineGivesUpAtItWhileTheDebtOutlastsIt() throws InterruptedException {
        FakeClock clock = new FakeClock();
        CapacityLimiter limiter = new CapacityLimiter(100, clock::now, clock::sleep);
        limiter.acquire(1);
        // 10 s of debt: a request cost far more than estimated.
        limiter.settle(1, 1000);
        long before = clock.now();
        assertThat(limiter.acquire(1, 2_000_000_000L)).isEqualTo(-1);
        assertThat(clock.now() - before).isEqualTo(2_000_000_000L);
        // Nothing was taken by the failed acquire: the rest of the debt is what is left to wait.
        double waited = limiter.acquire(1, 60_000_000_000L) / 1e9;
        assertThat(waited).isBetween(7.5, 8.5);
    }

    @Test
    void acquireWithADeadlineTakesAtOnceWhenNotInDebt() throws InterruptedException {
        FakeClock clock = new FakeClock();
        CapacityLimiter limiter = new CapacityLimiter(100, clock::now, clock::sleep);
        assertThat(limiter.acquire(1, 0)).isZero();
        assertThat(clock.slept).isZero();
    }
}
