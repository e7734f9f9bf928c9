package dev.bulk.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/**
 * Sends one request per item (DeleteItem, UpdateItem) from a small thread pool: the limiter is
 * asked before every call and settled with the units DynamoDB reports; throttles, 5xx and network
 * errors are retried here with jittered backoff within the retry policy; a failed condition is
 * counted, not an error; anything else goes to the failure sink with the item's key. Every
 * submitted item ends in exactly one of the counts.
 *
 * <p>The client should make one attempt per call (SDK retries off): only then does this writer see
 * every attempt, and so know when an attempt got no reply and may have been applied. A failed
 * condition after such an attempt is not blamed on anyone: the item's {@link Reconcile} decides
 * whether our own earlier attempt did the write (counted as done, "reply lost") or the outcome is
 * unknown (listed in the failure file).
 *
 * <p>Only a throttle penalizes the shared budget: a network error says nothing about capacity. The
 * retry deadline also bounds the wait for the budget, and once the endpoint has answered nothing
 * for the whole deadline ({@link Silence}, shared by the writers to it), writers stop sending: the
 * remaining items go to the failure file at once, so a dead endpoint ends the job in bounded time.
 */
public final class ItemWriter implements AutoCloseable {
    /** One item's request: sends it and returns what DynamoDB reported it consumed (or null). */
    @FunctionalInterface
    public interface Call {
        ConsumedCapacity send(DynamoDbClient client);
    }

    /** Whether a write whose condition failed on a retry after a lost reply is already in the table. */
    public enum Verdict { APPLIED, UNKNOWN }

    /** Looks at the item as it is now (e.g. a consistent read) to decide what the lost reply said. */
    @FunctionalInterface
    public interface Reconcile {
        Verdict check(DynamoDbClient client);
    }

    /**
     * Confirmed writes (of which {@code replyLost} were confirmed by reading the item after their
     * reply was lost), failed conditions, items in the failure file (of which {@code outcomeUnknown}
     * may or may not have been applied), units DynamoDB reported, retries.
     */
    public record Stats(long done, long conditionFailed, long failed, double consumedUnits, long retries, long replyLost,
            long outcomeUnknown) {
    }

    private final DynamoDbClient client;
    private final Limiter limiter;
    private final FailureSink failures;
    private final RetryPolicy policy;
    private final ThreadPoolExecutor pool;
    /** Set when the writer closes before its work is done (a cancelled task): no new attempt starts. */
    private volatile boolean closing;
    /** How a stop ends the requests in progress: those waiting give up at once, those on the wire finish. */
    private final StopGate gate = new StopGate();
    private final Semaphore queued;
    private final int maxQueued;

    private static final int MAX_QUEUED = 1024;
    /** How long a closing writer waits for the requests already sent: longer than one call's default timeout (30 s). */
    private static final long IN_FLIGHT_GRACE_SECONDS = 35;

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong conditionFailed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong replyLost = new AtomicLong();
    private final AtomicLong outcomeUnknown = new AtomicLong();
    private final AtomicLong consumedMilliUnits = new AtomicLong();
    private final Silence silence;
    /** The requests on the wire to this writer's endpoint, shared with every writer of this JVM that uses the same client. */
    private final InFlightLimit places;

    public ItemWriter(DynamoDbClient client, Limiter limiter, FailureSink failures, RetryPolicy policy, int concurrency) {
        this(client, limiter, failures, policy, concurrency, Silence.alone());
    }

    /** {@code silence}: how long the endpoint has not answered, shared with the other writers to it. */
    public ItemWriter(DynamoDbClient client, Limiter limiter, FailureSink failures, RetryPolicy policy, int concurrency,
            Silence silence) {
        this.client = client;
        this.silence = silence;
        this.places = client == null ? InFlightLimit.alone() : InFlightLimit.of(client);
        this.limiter = limiter;
        this.failures = failures;
        this.policy = policy;
        this.pool = new ThreadPoolExecutor(Math.max(1, concurrency), Math.max(1, concurrency), 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "bulk-item-writer");
                    thread.setDaemon(true);
                    return thread;
                });
        // Enough queued that the writers keep busy while the scan fetches its next page (a pause
        // there idled them for a fifth of the time), few enough that memory stays small.
        this.maxQueued = Math.max(Math.max(1, concurrency) * 2, MAX_QUEUED);
        this.queued = new Semaphore(maxQueued);
    }

    public static ItemWriter create(DynamoDbClient client, Limiter limiter, FailureSink failures, int concurrency) {
        return new ItemWriter(client, limiter, failures, RetryPolicy.DEFAULT, concurrency);
    }

    /**
     * Queues one item's request; blocks while the queue is full.
     *
     * @param operation how the failure file names it (delete, update)
     * @param key the item's key, recorded if it fails
     * @param estimate the units the request will likely consume
     */
    public void submit(String operation, Map<String, AttributeValue> key, double estimate, Call call) throws InterruptedException {
        submit(operation, key, estimate, call, null);
    }

    /**
     * As {@link #submit(String, Map, double, Call)}, with how to tell, when the condition fails on a
     * retry after a lost reply, whether the write is already done (null: the outcome is unknown).
     */
    public void submit(String operation, Map<String, AttributeValue> key, double estimate, Call call, Reconcile reconcile)
            throws InterruptedException {
        queued.acquire();
        try {
            pool.execute(new Pending(operation, key, estimate, call, reconcile));
        } catch (RuntimeException e) {
            queued.release();
            record(operation, key, "not sent: " + BatchWriter.oneLine(e));
        }
    }

    /** Waits until every submitted item is confirmed, failed its condition, or is in the failure file. */
    public void flush() throws InterruptedException {
        queued.acquire(maxQueued);
        queued.release(maxQueued);
    }

    public Stats stats() {
        return new Stats(done.get(), conditionFailed.get(), failed.get(), consumedMilliUnits.get() / 1000.0, retries.get(),
                replyLost.get(), outcomeUnknown.get());
    }

    /**
     * Stops the writer. After {@link #flush()} (a unit that finished) there is nothing left to do;
     * closed without it (a cancelled or failed task), it stops rather than sending the whole
     * queue first: at a low write rate that took minutes after Ctrl-C or --XTimeout, and a
     * stopped run's count, taken once its tasks end, missed whatever was written later still.
     */
    @Override
    public void close() throws InterruptedException {
        // Items never sent are listed, requests waiting for the budget or in a backoff give up, and
        // the requests already on the wire are let finish rather than interrupted, so a write
        // DynamoDB applied is counted as done, not listed as unconfirmed. No new attempt starts.
        closing = true;
        gate.stop();
        List<Runnable> neverSent = new ArrayList<>();
        pool.getQueue().drainTo(neverSent);
        for (Runnable never : neverSent) {
            if (never instanceof Pending pending) {
                record(pending.operation, pending.key, "interrupted before it was sent");
                queued.release();
            }
        }
        pool.shutdown();
        if (!StopGate.awaitEnd(pool, IN_FLIGHT_GRACE_SECONDS)) {
            pool.shutdownNow(); // interrupted senders record their items as unconfirmed
            StopGate.awaitEnd(pool, 30);
        }
    }

    /** One queued item's request. */
    private final class Pending implements Runnable {
        private final String operation;
        private final Map<String, AttributeValue> key;
        private final double estimate;
        private final Call call;
        private final Reconcile reconcile;

        Pending(String operation, Map<String, AttributeValue> key, double estimate, Call call, Reconcile reconcile) {
            this.operation = operation;
            this.key = key;
            this.estimate = estimate;
            this.call = call;
            this.reconcile = reconcile;
        }

        @Override
        public void run() {
            try {
                send(this);
            } finally {
                queued.release();
            }
        }
    }

    private void send(Pending item) {
        long deadline = System.currentTimeMillis() + policy.budgetMillis();
        int attempt = 0;
        boolean mayHaveApplied = false;
        String lastError = "";
        try {
            while (true) {
                // Until its request goes out, this thread only waits (the budget, a backoff): a stop may interrupt it.
                // Not a write that may have been applied: it is retried to its end, which tells whether it was.
                if (!mayHaveApplied) {
                    gate.waiting();
                }
                if (closing && !mayHaveApplied) {
                    record(item.operation, item.key, (attempt == 0 ? "interrupted before it was sent"
                            : "interrupted after " + attempt + " attempts, before DynamoDB confirmed the write")
                            + maybeApplied(mayHaveApplied));
                    return;
                }
                String silent = silence.stop(policy.budgetMillis());
                if (silent != null) {
                    record(item.operation, item.key, (attempt == 0 ? "not sent: " : "gave up after " + attempt + " attempts: ")
                            + silent + maybeApplied(mayHaveApplied));
                    return;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    record(item.operation, item.key, "gave up after " + attempt + " attempts: the retry deadline of "
                            + policy.budgetMillis() / 1000 + " s passed; last error: " + lastError + maybeApplied(mayHaveApplied));
                    return;
                }
                // A place on the wire first (so no units are spent by a request that still waits for one).
                if (!places.acquire(left * 1_000_000L)) {
                    record(item.operation, item.key, "gave up after " + attempt + " attempts: no place among the requests in "
                            + "flight within the retry deadline of " + policy.budgetMillis() / 1000 + " s"
                            + maybeApplied(mayHaveApplied));
                    return;
                }
                long roundTrip = -1;
                boolean placed = true;
                try {
                    Limiter.Slot slot = limiter.start(item.estimate, 1, Math.max(0, deadline - System.currentTimeMillis())
                            * 1_000_000L);
                    if (slot == null) {
                        record(item.operation, item.key, "gave up after " + attempt + " attempts and "
                                + policy.budgetMillis() / 1000 + " s: the write budget stayed in debt (throttles)"
                                + maybeApplied(mayHaveApplied));
                        return;
                    }
                    if (!gate.send() && !mayHaveApplied) {
                        slot.close();
                        limiter.settle(item.estimate, 0);
                        record(item.operation, item.key, "stopped before it was sent" + maybeApplied(mayHaveApplied));
                        return;
                    }
                    long sent = System.nanoTime();
                    try (slot) {
                        ConsumedCapacity consumed = item.call.send(client);
                        roundTrip = System.nanoTime() - sent;
                        silence.answered();
                        double units = ConsumedUnits.of(consumed, item.estimate);
                        limiter.settle(item.estimate, units);
                        consumedMilliUnits.addAndGet(Math.round(units * 1000));
                        done.incrementAndGet();
                        return;
                    } catch (ConditionalCheckFailedException e) {
                        roundTrip = System.nanoTime() - sent;
                        silence.answered();
                        // DynamoDB charges a failed condition like the write it would have been.
                        limiter.settle(item.estimate, item.estimate);
                        consumedMilliUnits.addAndGet(Math.round(item.estimate * 1000));
                        if (!mayHaveApplied) {
                            conditionFailed.incrementAndGet();
                            return;
                        }
                        reconcile(item);
                        return;
                    } catch (SdkException e) {
                        // An error's round trip says nothing of how busy the server is; the backoff waits off the wire.
                        placed = false;
                        places.release(-1);
                        limiter.settle(item.estimate, 0);
                        attempt++;
                        lastError = BatchWriter.oneLine(e);
                        if (RetryPolicy.isNetworkError(e)) {
                            silence.unanswered(lastError);
                        } else {
                            silence.answered();
                        }
                        mayHaveApplied |= RetryPolicy.mayHaveBeenApplied(e);
                        if (!RetryPolicy.isRetryable(e)) {
                            record(item.operation, item.key, BatchWriter.oneLine(e) + maybeApplied(mayHaveApplied));
                            return;
                        }
                        if (RetryPolicy.isThrottle(e)) {
                            limiter.penalize();
                        }
                        long now = System.currentTimeMillis();
                        if (attempt >= policy.maxAttempts() || now >= deadline) {
                            record(item.operation, item.key, "gave up after " + attempt + " attempts: "
                                    + BatchWriter.oneLine(e) + maybeApplied(mayHaveApplied));
                            return;
                        }
                        retries.incrementAndGet();
                        long pause = (long) (ThreadLocalRandom.current().nextDouble() * policy.ceilingMillis(attempt));
                        if (!mayHaveApplied) {
                            gate.waiting();
                        }
                        Thread.sleep(Math.max(1, Math.min(pause, deadline - now)));
                    }
                } finally {
                    if (placed) {
                        places.release(roundTrip);
                    }
                }
            }
        } catch (InterruptedException e) {
            record(item.operation, item.key, "interrupted before DynamoDB confirmed the write" + maybeApplied(mayHaveApplied));
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            record(item.operation, item.key, BatchWriter.oneLine(e) + maybeApplied(mayHaveApplied));
        } finally {
            gate.leave();
        }
    }

    /**
     * The condition failed on a retry after a reply was lost: the failure may be our own earlier
     * attempt's doing, so it is neither a failed condition nor someone else's write.
     */
    private void reconcile(Pending item) {
        Verdict verdict = Verdict.UNKNOWN;
        String why = "";
        if (item.reconcile != null) {
            try {
                verdict = item.reconcile.check(client);
            } catch (RuntimeException e) {
                why = " (reading the item back failed: " + BatchWriter.oneLine(e) + ")";
            }
        }
        if (verdict == Verdict.APPLIED) {
            done.incrementAndGet();
            replyLost.incrementAndGet();
            return;
        }
        outcomeUnknown.incrementAndGet();
        record(item.operation, item.key, "outcome unknown: the reply to an attempt was lost and the condition failed on the "
                + "retry; the item as it is now does not show whether the " + item.operation + " was applied" + why);
    }

    private static String maybeApplied(boolean mayHaveApplied) {
        return mayHaveApplied ? "; an earlier attempt got no reply and may have been applied" : "";
    }

    private void record(String operation, Map<String, AttributeValue> key, String error) {
        failures.record(operation, key, error);
        failed.incrementAndGet();
    }
}
