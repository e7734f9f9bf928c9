package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The limit of requests in flight against a simulated server (hand-written: DynamoDB Local cannot
 * be made to answer with a chosen round trip), on a fake clock: each round, as many requests as
 * the limit lets go out, all answered after the round trip the server takes with that many.
 */
class InFlightLimitTest {
    private static final long MILLI = 1_000_000L;

    private final AtomicLong nanos = new AtomicLong();
    private final InFlightLimit limit = new InFlightLimit(nanos::get);

    /**
     * {@code rounds} rounds of up to {@code demand} requests; the server serves {@code capacity} at
     * once in 1 ms, more wait their turn (the round trip grows with them). Returns the last round's requests.
     */
    private int simulate(int rounds, int demand, int capacity) throws InterruptedException {
        int sent = 0;
        for (int round = 0; round < rounds; round++) {
            sent = 0;
            while (sent < demand && limit.acquire(0)) {
                sent++;
            }
            long roundTrip = MILLI * Math.max(1, (sent + capacity - 1) / capacity);
            nanos.addAndGet(roundTrip);
            for (int i = 0; i < sent; i++) {
                limit.release(roundTrip);
            }
        }
        return sent;
    }

    @Test
    void requestsThatOnlyWaitAtTheServerAreHeldBack() throws InterruptedException {
        // 128 writer threads (8 tasks × 16) against a server that serves 8 at once.
        int sent = simulate(3_000, 128, 8);
        assertThat(sent).isBetween(8, 24);
        assertThat(limit.limits()[0]).isBetween(8, 24);
    }

    @Test
    void aServerWhoseRoundTripStaysTheSameGetsEveryWriter() throws InterruptedException {
        // Real DynamoDB: the round trip does not grow with the requests.
        assertThat(simulate(3_000, 128, 1_000)).isEqualTo(128);
    }

    @Test
    void aLimitNobodyReachesDoesNotGrow() throws InterruptedException {
        simulate(3_000, 2, 1_000);
        assertThat(limit.limits()[2]).isEqualTo(InFlightLimit.INITIAL);
    }

    @Test
    void aSlowerServerLaterIsFollowed() throws InterruptedException {
        simulate(3_000, 128, 8);
        // The same server, now twice as slow per request (bigger items) but as parallel: once the fast
        // past has left the baseline's horizon, the limit is back near 8.
        int sent = 0;
        for (int round = 0; round < 20_000; round++) {
            sent = 0;
            while (sent < 128 && limit.acquire(0)) {
                sent++;
            }
            long roundTrip = 2 * MILLI * Math.max(1, (sent + 7) / 8);
            nanos.addAndGet(roundTrip);
            for (int i = 0; i < sent; i++) {
                limit.release(roundTrip);
            }
        }
        assertThat(sent).isBetween(8, 24);
    }

    @Test
    void aFullLimitGivesNoPlaceAndErrorsDoNotMoveIt() throws InterruptedException {
        for (int i = 0; i < InFlightLimit.INITIAL; i++) {
            assertThat(limit.acquire(0)).isTrue();
        }
        assertThat(limit.acquire(0)).isFalse();
        for (int i = 0; i < InFlightLimit.INITIAL; i++) {
            nanos.addAndGet(100 * MILLI);
            limit.release(-1);
        }
        assertThat(limit.limits()).containsExactly(InFlightLimit.INITIAL, InFlightLimit.INITIAL, InFlightLimit.INITIAL);
        assertThat(limit.acquire(0)).isTrue();
    }
}
