package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The job-wide adaptive rate and caps over real loopback sockets: a driver-side server whose
 * buckets run on a clock the test moves, and "executors" (RemoteLimiters) whose waits move it.
 */
class BudgetServerAdaptiveTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(SECOND);
    private final List<CapacityLimiter> buckets = new CopyOnWriteArrayList<>();
    private BudgetServer server;

    @BeforeEach
    void start() throws Exception {
        server = new BudgetServer("127.0.0.1", "127.0.0.1", rate -> {
            CapacityLimiter bucket = new CapacityLimiter(rate, clock::get, nanos -> {
                throw new AssertionError("the driver side never sleeps");
            });
            buckets.add(bucket);
            return bucket;
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private RemoteLimiter executor() {
        return new RemoteLimiter(lastBudget, clock::addAndGet);
    }

    private Budget lastBudget;

    @Test
    void aThrottleOneExecutorSawSlowsTheOtherExecutorDown() throws InterruptedException {
        lastBudget = server.register("write:t", 100, 50);
        RemoteLimiter a = executor();
        RemoteLimiter b = executor();
        // Before any throttle, b takes a unit at once.
        assertThat(b.acquire(1)).isZero();
        b.settle(1, 1);

        a.penalize();
        a.penalize();
        a.acquire(0); // the throttles ride along with a's next call

        // b now pays the pause of the job's congestion event, and the job's rate is cut.
        assertThat(b.acquire(1)).isGreaterThanOrEqualTo(SECOND * 4 / 10);
        RateStats stats = server.stats(lastBudget.id());
        assertThat(stats.throttles()).isEqualTo(2);
        assertThat(stats.congestionEvents()).isEqualTo(1);
        assertThat(stats.finalRate()).isLessThan(100);
        assertThat(stats.lowestRate()).isEqualTo(70);
        // The executor that saw them knows its own count.
        assertThat(a.stats().throttles()).isEqualTo(2);
    }

    @Test
    void aCutJobRecoversForEveryExecutorOnceTheThrottlesStop() throws InterruptedException {
        lastBudget = server.register("write:t", 100, 50);
        RemoteLimiter a = executor();
        RemoteLimiter b = executor();
        a.penalize();
        a.acquire(0);
        assertThat(server.stats(lastBudget.id()).finalRate()).isEqualTo(70);
        clock.addAndGet(60 * SECOND);
        // A minute without throttles: back to the configured rate, never above it.
        b.acquire(1);
        assertThat(server.stats(lastBudget.id()).finalRate()).isEqualTo(100);
        assertThat(server.stats(lastBudget.id()).lowestRate()).isEqualTo(70);
    }

    @Test
    @Timeout(120) // a guard against a hang, not a timing assertion
    void theConcurrencyCapHoldsAcrossExecutors() throws Exception {
        int cap = 3;
        int threadsPerExecutor = 5;
        lastBudget = server.register("write:t", 1e9, 5e8, cap, null);
        CapacityLimiter bucket = buckets.get(buckets.size() - 1);
        List<RemoteLimiter> executors = List.of(executor(), executor());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        CountDownLatch open = new CountDownLatch(1);
        int threads = executors.size() * threadsPerExecutor;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> requests = new ArrayList<>();
            for (RemoteLimiter limiter : executors) {
                for (int i = 0; i < threadsPerExecutor; i++) {
                    requests.add(pool.submit(() -> {
                        try (Limiter.Slot slot = limiter.start(1, 1, Long.MAX_VALUE)) {
                            highWater.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            open.await();
                            inside.decrementAndGet();
                        }
                        return null;
                    }));
                }
            }
            // Every thread holds a place or is queued for one on the driver.
            while (inside.get() + bucket.waitingForPlace() < threads) {
                Thread.onSpinWait();
            }
            assertThat(inside.get()).isEqualTo(cap);
            open.countDown();
            for (Future<?> request : requests) {
                request.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(highWater.get()).isEqualTo(cap);
        assertThat(executors).noneMatch(RemoteLimiter::onFallback);
        // Every place came back to the driver: as many requests as the cap start at once again.
        List<Limiter.Slot> again = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            again.add(executors.get(i % 2).start(1, 1, 0));
        }
        assertThat(again).doesNotContainNull();
        assertThat(executors.get(0).start(1, 1, 0)).isNull();
        again.forEach(Limiter.Slot::close);
    }

    @Test
    void placesHeldByAnExecutorThatVanishesAreFreed() throws Exception {
        lastBudget = server.register("write:t", 1e9, 5e8, 1, null);
        RemoteLimiter gone = executor();
        Limiter.Slot held = gone.start(1, 1, 0);
        assertThat(held).isNotNull();
        RemoteLimiter other = executor();
        assertThat(other.start(1, 1, 0)).isNull();
        // The executor's JVM dies: its connections close without an end message.
        gone.closeConnections();
        Limiter.Slot taken = other.start(1, 1, 10 * SECOND);
        assertThat(taken).isNotNull();
        taken.close();
    }

    @Test
    void theItemsCapIsTheJobsAcrossExecutors() throws InterruptedException {
        lastBudget = server.register("write:t", 1e9, 5e8, null, 100.0);
        RemoteLimiter a = executor();
        RemoteLimiter b = executor();
        // A full second of items (the bucket's burst) taken by a; b has to wait for the next ones.
        long start = clock.get();
        long items = 0;
        while (clock.get() - start < 30 * SECOND) {
            (items % 50 == 0 ? a : b).start(1, 25, Long.MAX_VALUE).close();
            items += 25;
        }
        double seconds = (clock.get() - start) / 1e9;
        assertThat(items / seconds).isBetween(90.0, 110.0);
    }
}
