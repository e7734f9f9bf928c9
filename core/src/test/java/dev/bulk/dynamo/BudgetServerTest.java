package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster budget over real loopback sockets: a driver-side server with a fake clock, and
 * "executors" (RemoteLimiters) whose waits move their own ready time on that clock. A small
 * event loop always lets the executor that is ready first make its next request, so the test
 * covers years of traffic without sleeping and the outcome is exact.
 */
class BudgetServerTest {
    private static final double RATE = 100;
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(SECOND);
    private BudgetServer server;

    @BeforeEach
    void start() throws Exception {
        server = new BudgetServer("127.0.0.1", "127.0.0.1", rate -> new CapacityLimiter(rate, clock::get, nanos -> {
            throw new AssertionError("the driver side never sleeps");
        }));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** One executor: requests of {@code cost} units back to back until {@code stopAt}. */
    private class Executor {
        final RemoteLimiter limiter;
        final double cost;
        final long stopAt;
        long readyAt = SECOND;
        double units;
        double unitsAfter;

        Executor(Budget budget, double cost, long stopAt) {
            this.limiter = new RemoteLimiter(budget, nanos -> {
                readyAt += nanos;
                clock.set(readyAt);
            });
            this.cost = cost;
            this.stopAt = stopAt;
        }

        void request(long measureFrom) throws InterruptedException {
            clock.set(readyAt);
            limiter.acquire(cost);
            // The request runs when the wait is over; the table reports what it cost.
            limiter.settle(cost, cost);
            units += cost;
            if (readyAt >= measureFrom) {
                unitsAfter += cost;
            }
        }
    }

    /** Runs the executors until {@code end}, the earliest ready one first. */
    private static void run(long end, long measureFrom, Executor... executors) throws InterruptedException {
        while (true) {
            Executor next = null;
            for (Executor executor : executors) {
                if (executor.readyAt < Math.min(end, executor.stopAt) && (next == null || executor.readyAt < next.readyAt)) {
                    next = executor;
                }
            }
            if (next == null) {
                return;
            }
            next.request(measureFrom);
        }
    }

    @Test
    void threeExecutorsTogetherKeepToTheOneRate() throws InterruptedException {
        Budget budget = server.register("read:t", RATE, RATE / 3);
        long end = SECOND + 120 * SECOND;
        Executor a = new Executor(budget, 5, Long.MAX_VALUE);
        Executor b = new Executor(budget, 10, Long.MAX_VALUE);
        Executor c = new Executor(budget, 2, Long.MAX_VALUE);
        run(end, 0, a, b, c);

        double total = a.units + b.units + c.units;
        // At most the rate for 120 s plus the one second of burst the bucket may hold (and one request in flight each).
        assertThat(total).isLessThanOrEqualTo(RATE * 120 + RATE + 5 + 10 + 2);
        assertThat(total).isGreaterThanOrEqualTo(RATE * 120 * 0.98);
        // Nobody is starved: every executor gets a real share.
        assertThat(a.units).isGreaterThan(RATE * 120 * 0.1);
        assertThat(c.units).isGreaterThan(RATE * 120 * 0.1);
    }

    @Test
    void anExecutorThatFinishesEarlyHandsItsShareToTheOthers() throws InterruptedException {
        Budget budget = server.register("read:t", RATE, RATE / 2);
        long half = SECOND + 60 * SECOND;
        long end = SECOND + 120 * SECOND;
        Executor early = new Executor(budget, 4, half);
        Executor late = new Executor(budget, 4, Long.MAX_VALUE);
        run(end, half, early, late);

        // While both ran they shared the rate; once one stopped, the other alone used all of it.
        assertThat(early.units).isBetween(RATE * 60 * 0.4, RATE * 60 * 0.6 + RATE);
        assertThat(late.unitsAfter).isBetween(RATE * 60 * 0.95, RATE * 60 + RATE + 4);
    }

    @Test
    void creditsForRequestsThatCostLessThanEstimatedReachTheDriver() throws InterruptedException {
        Budget budget = server.register("read:t", RATE, RATE);
        Executor executor = new Executor(budget, 50, Long.MAX_VALUE) {
            @Override
            void request(long measureFrom) throws InterruptedException {
                clock.set(readyAt);
                limiter.acquire(50);
                limiter.settle(50, 10); // estimated 50, the table said 10
                units += 10;
            }
        };
        run(SECOND + 60 * SECOND, 0, executor);
        // The real consumption follows the rate, not the estimates.
        assertThat(executor.units).isBetween(RATE * 60 * 0.9, RATE * 61 + 50);
    }

    @Test
    void aCallerWithoutTheJobSecretIsRefusedAndFallsBackToItsEvenShare() throws InterruptedException {
        Budget real = server.register("read:t", RATE, 25);
        Budget forged = new Budget(real.id(), real.rate(), real.host(), real.port(), "not-the-secret", real.fallbackRate());
        RemoteLimiter limiter = new RemoteLimiter(forged, nanos -> { });
        limiter.acquire(1);
        assertThat(limiter.onFallback()).isTrue();
    }

    @Test
    void anUnreachableDriverMeansTheEvenShareNotAnError() throws Exception {
        Budget real = server.register("read:t", RATE, 25);
        int port = real.port();
        server.close();
        RemoteLimiter limiter = new RemoteLimiter(new Budget(real.id(), RATE, "127.0.0.1", port, real.secret(), 25), nanos -> { });
        limiter.acquire(1);
        assertThat(limiter.onFallback()).isTrue();
        assertThat(limiter.rate()).isEqualTo(RATE);
    }
}
