package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The AIMD arithmetic on a clock the test moves: no sleeps, no timing. */
class AdaptiveRateTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 5 * SECOND;

    @Test
    void startsAtTheConfiguredRateAndStaysThereWithoutThrottles() {
        AdaptiveRate rate = new AdaptiveRate(100, T0);
        assertThat(rate.rate(T0)).isEqualTo(100);
        assertThat(rate.rate(T0 + 3600 * SECOND)).isEqualTo(100);
        RateStats stats = rate.stats(T0 + 3600 * SECOND);
        assertThat(stats.throttles()).isZero();
        assertThat(stats.congestionEvents()).isZero();
        assertThat(stats.lowestRate()).isEqualTo(100);
    }

    @Test
    void aBurstOfThrottlesInOneWindowIsOneCut() {
        AdaptiveRate rate = new AdaptiveRate(100, T0);
        // 50 throttles from 8 writers in the same instant, then more within the second.
        int cuts = 0;
        for (int i = 0; i < 50; i++) {
            cuts += rate.throttled(T0, 1) ? 1 : 0;
        }
        cuts += rate.throttled(T0 + SECOND / 2, 3) ? 1 : 0;
        cuts += rate.throttled(T0 + SECOND - 1, 1) ? 1 : 0;
        assertThat(cuts).isEqualTo(1);
        // No accepted units measured yet (less than a window of history): the plain 0.7 cut.
        assertThat(rate.rate(T0 + SECOND - 1)).isCloseTo(70, within(1e-9));
        RateStats stats = rate.stats(T0 + SECOND - 1);
        assertThat(stats.throttles()).isEqualTo(54);
        assertThat(stats.congestionEvents()).isEqualTo(1);
        assertThat(stats.lowestRate()).isCloseTo(70, within(1e-9));

        // A window after the cut, a throttle is a new event.
        assertThat(rate.throttled(T0 + 2 * SECOND, 1)).isTrue();
        assertThat(rate.rate(T0 + 2 * SECOND)).isCloseTo(49, within(1e-6));
    }

    @Test
    void steadyThrottlesBringFourHundredUnderOneHundredWithinThreeCuts() {
        AdaptiveRate rate = new AdaptiveRate(400, T0);
        long now = T0;
        double[] afterEachCut = new double[3];
        for (int cut = 0; cut < 3; cut++) {
            // The table accepts 100 units/s; throttles arrive every 100 ms.
            for (int tick = 0; tick < 10; tick++) {
                rate.consumed(now, 10);
                rate.throttled(now, 1);
                now += SECOND / 10;
            }
            afterEachCut[cut] = rate.rate(now - 1);
        }
        assertThat(rate.stats(now).congestionEvents()).isEqualTo(3);
        // The first cut has no measurement (0.7); the throttles right after it confirm the table takes
        // about 100, so the next cut may halve (280 -> 140), and the third lands at 90 % of it.
        assertThat(afterEachCut[0]).isCloseTo(280, within(1e-9));
        assertThat(afterEachCut[1]).isCloseTo(140, within(1e-9));
        assertThat(afterEachCut[2]).isLessThan(100).isGreaterThan(85);
    }

    @Test
    void onlyAThrottleInTheWindowRightAfterACutMayHalveTheRate() {
        AdaptiveRate confirmed = new AdaptiveRate(100, T0);
        feed(confirmed, 20, 2);
        confirmed.throttled(T0 + 2 * SECOND, 1);
        feed(confirmed, 20, 2, 1);
        confirmed.throttled(T0 + 3 * SECOND, 1);
        // Throttled again one window after the 0.7 cut to 70: the table took only 20, the cut stops at 0.5.
        assertThat(confirmed.rate(T0 + 3 * SECOND)).isCloseTo(35, within(1e-9));

        AdaptiveRate later = new AdaptiveRate(100, T0);
        feed(later, 20, 2);
        later.throttled(T0 + 2 * SECOND, 1);
        feed(later, 20, 2, 2);
        later.throttled(T0 + 4 * SECOND, 1);
        // Two windows apart: a new overload measured once, so no deeper than 0.7 (of the rate recovered since).
        double before = 70 + 0.05 * 100;
        assertThat(later.rate(T0 + 4 * SECOND)).isCloseTo(before * 0.7, within(1e-9));
    }

    @Test
    void aCutFollowsWhatTheTableAcceptedBetweenTheBounds() {
        AdaptiveRate justAbove = new AdaptiveRate(100, T0);
        feed(justAbove, 92, 2);
        justAbove.throttled(T0 + 2 * SECOND, 1);
        // 90 % of the 92 units/s accepted is 82.8: lighter than 0.7, not lighter than 0.9.
        assertThat(justAbove.rate(T0 + 2 * SECOND)).isCloseTo(0.9 * 92, within(0.5));

        AdaptiveRate farAbove = new AdaptiveRate(100, T0);
        feed(farAbove, 20, 2);
        farAbove.throttled(T0 + 2 * SECOND, 1);
        // The table took only 20: the cut goes no deeper than 0.7 at once.
        assertThat(farAbove.rate(T0 + 2 * SECOND)).isCloseTo(70, within(1e-9));

        AdaptiveRate burst = new AdaptiveRate(100, T0);
        feed(burst, 150, 2);
        burst.throttled(T0 + 2 * SECOND, 1);
        // More accepted than the rate (a burst): still at least the 0.9 cut.
        assertThat(burst.rate(T0 + 2 * SECOND)).isCloseTo(90, within(1e-9));
    }

    @Test
    void recoversAdditivelyAWindowAfterTheLastThrottleSlowingNearTheRefusedRateAndCapsAtTheConfigured() {
        AdaptiveRate rate = new AdaptiveRate(100, T0);
        rate.throttled(T0, 1);
        assertThat(rate.rate(T0)).isCloseTo(70, within(1e-9));
        // Throttles of requests sent before the cut may still arrive for a window: no recovery yet.
        assertThat(rate.rate(T0 + SECOND)).isCloseTo(70, within(1e-9));
        // Then +5 % of the configured rate per second...
        assertThat(rate.rate(T0 + 3 * SECOND)).isCloseTo(80, within(1e-9));
        assertThat(rate.rate(T0 + 5 * SECOND)).isCloseTo(90, within(1e-9));
        // ...and +1 % per second from 90 % of the rate that was refused (100) up to it.
        assertThat(rate.rate(T0 + 10 * SECOND)).isCloseTo(95, within(1e-9));
        assertThat(rate.rate(T0 + 15 * SECOND)).isCloseTo(100, within(1e-9));
        // Never above the configured rate.
        assertThat(rate.rate(T0 + 600 * SECOND)).isEqualTo(100);
        assertThat(rate.stats(T0 + 600 * SECOND).lowestRate()).isCloseTo(70, within(1e-9));
    }

    @Test
    void aLateThrottleRestartsTheQuietWindowWithoutASecondCut() {
        AdaptiveRate rate = new AdaptiveRate(100, T0);
        rate.throttled(T0, 1);
        // A straggler 0.9 s later: counted, no cut, and recovery waits a window from it.
        assertThat(rate.throttled(T0 + 9 * SECOND / 10, 1)).isFalse();
        assertThat(rate.rate(T0 + 19 * SECOND / 10)).isCloseTo(70, within(1e-9));
        assertThat(rate.rate(T0 + 29 * SECOND / 10)).isCloseTo(75, within(1e-9));
    }

    @Test
    void neverBelowTheFloor() {
        AdaptiveRate rate = new AdaptiveRate(10, T0);
        for (int window = 0; window < 40; window++) {
            rate.throttled(T0 + window * SECOND, 5);
        }
        assertThat(rate.rate(T0 + 39 * SECOND)).isEqualTo(AdaptiveRate.FLOOR);
        assertThat(rate.stats(T0 + 39 * SECOND).congestionEvents()).isEqualTo(40);

        AdaptiveRate tiny = new AdaptiveRate(0.5, T0);
        for (int window = 0; window < 10; window++) {
            tiny.throttled(T0 + window * SECOND, 1);
        }
        // A configured rate under the floor is its own floor.
        assertThat(tiny.rate(T0 + 9 * SECOND)).isEqualTo(0.5);
    }

    @Test
    void aLowerConfiguredRateCapsTheEffectiveOne() {
        AdaptiveRate rate = new AdaptiveRate(100, T0);
        rate.reconfigure(40, T0 + SECOND);
        assertThat(rate.rate(T0 + SECOND)).isEqualTo(40);
        assertThat(rate.stats(T0 + SECOND).configuredRate()).isEqualTo(40);
    }

    /** The table accepts {@code perSecond} units per second for {@code seconds}, in tenths. */
    private static void feed(AdaptiveRate rate, double perSecond, int seconds) {
        feed(rate, perSecond, 0, seconds);
    }

    /** The same, from {@code fromSecond} after T0 on. */
    private static void feed(AdaptiveRate rate, double perSecond, int fromSecond, int seconds) {
        for (int tick = 0; tick < seconds * 10; tick++) {
            rate.consumed(T0 + fromSecond * SECOND + tick * SECOND / 10, perSecond / 10);
        }
    }
}
