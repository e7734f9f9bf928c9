package dev.bulk.dynamo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items with BatchWriteItem: chunks of at most 25 requests with no key twice in a chunk,
 * a few chunks in flight at once, and the one loop of the tool that re-sends UnprocessedItems and
 * throttled chunks with jittered exponential backoff. What still fails after the policy's attempts
 * or time budget goes to the {@link FailureSink}; the counts are what DynamoDB confirmed.
 */
public final class BatchWriter implements AutoCloseable {
    public static final int MAX_BATCH = 25;
    private static final int QUEUED_PER_THREAD = 3;
    /** How long a stopped writer lets the requests on the wire finish (an SDK call's own timeouts end sooner). */
    private static final long IN_FLIGHT_GRACE_SECONDS = 35;

    /** Confirmed and failed counts, and the write units DynamoDB reported. */
    public record Stats(long written, long failed, double consumedUnits, long retries) {
    }

    private final DynamoDbClient client;
    private final String tableName;
    private final KeySchema keys;
    private final Limiter limiter;
    private final FailureSink failures;
    private final RetryPolicy policy;
    private final CapacityLimiter.Sleeper sleeper;
    private final LongSupplier clockMillis;
    private final Random jitter = new Random();
    private final ExecutorService pool;
    private final Semaphore inFlight;
    private final List<Future<?>> pending = new ArrayList<>();
    /** Chunks submitted to the pool, until they start: one never started is listed as failed on close. */
    private final Map<Future<?>, List<WriteRequest>> notStarted = new java.util.concurrent.ConcurrentHashMap<>();
    /** How a stop ends the chunks in flight: those waiting give up, those on the wire finish. */
    private final StopGate gate = new StopGate();
    /** The unconfirmed part of the chunk a thread is sending, for an honest failure record on interrupt. */
    private final ThreadLocal<List<WriteRequest>> currentRemaining = new ThreadLocal<>();

    private List<WriteRequest> chunk = new ArrayList<>(MAX_BATCH);
    private Set<Map<String, AttributeValue>> chunkKeys = new HashSet<>();

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong consumedMilliUnits = new AtomicLong();

    /**
     * @param concurrency chunks in flight at once (1 = write on the caller's thread)
     */
    public BatchWriter(DynamoDbClient client, String tableName, KeySchema keys, Limiter limiter,
            FailureSink failures, RetryPolicy policy, int concurrency, CapacityLimiter.Sleeper sleeper,
            LongSupplier clockMillis) {
        this.client = client;
        this.tableName = tableName;
        this.keys = keys;
        this.limiter = limiter;
        this.failures = failures;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clockMillis = clockMillis;
        this.pool = concurrency > 1 ? Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "bulk-batch-writer");
            thread.setDaemon(true);
            return thread;
        }) : null;
        // With a pool, a few chunks per thread may wait queued, so the writers keep busy while the
        // caller fetches or makes its next items.
        this.inFlight = new Semaphore(concurrency > 1 ? concurrency * QUEUED_PER_THREAD : 1);
    }

    public static BatchWriter create(DynamoDbClient client, String tableName, KeySchema keys, Limiter limiter,
            FailureSink failures, int concurrency) {
        return new BatchWriter(client, tableName, keys, limiter, failures, RetryPolicy.DEFAULT, concurrency,
                nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)), System::currentTimeMillis);
    }

    public void put(Map<String, AttributeValue> item) throws InterruptedException {
        put(item, keys.keyOf(item));
    }

    /** As {@link #put(Map)}, for a caller that already has the item's key. */
    public void put(Map<String, AttributeValue> item, Map<String, AttributeValue> key) throws InterruptedException {
        add(key, WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }

    public void delete(Map<String, AttributeValue> key) throws InterruptedException {
        add(keys.keyOf(key), WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(keys.keyOf(key)).build()).build());
    }

    private void add(Map<String, AttributeValue> key, WriteRequest request) throws InterruptedException {
        // BatchWriteItem rejects a chunk naming one key twice; send the earlier write first so the later one wins.
        if (chunkKeys.contains(key)) {
            dispatch();
        }
        chunk.add(request);
        chunkKeys.add(key);
        if (chunk.size() == MAX_BATCH) {
            dispatch();
        }
    }

    /** Sends what is buffered and waits until every chunk is confirmed or recorded as failed. */
    public void flush() throws InterruptedException {
        dispatch();
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a batch write failed unexpectedly: " + oneLine(e.getCause()), e.getCause());
            }
        }
        pending.clear();
    }

    public Stats stats() {
        return new Stats(written.get(), failed.get(), consumedMilliUnits.get() / 1000.0, retries.get());
    }

    /**
     * Stops the writer. After {@link #flush()} (all written) there is nothing left to do. Closed
     * without it (a cancelled or failed task), it stops rather than writing its chunks in flight
     * first: at a low write rate that went on long after Ctrl-C or --XTimeout, and a stopped run's
     * count, taken once its tasks end, missed what was written later still. The buffered items and
     * the chunks that wait for the budget are listed as not written; requests on the wire finish.
     */
    @Override
    public void close() throws InterruptedException {
        RuntimeException unrecorded = null;
        if (!chunk.isEmpty()) {
            List<WriteRequest> buffered = chunk;
            chunk = new ArrayList<>(MAX_BATCH);
            chunkKeys = new HashSet<>();
            try {
                failAll(buffered, "stopped before it was sent");
            } catch (RuntimeException e) {
                unrecorded = e;
            }
        }
        gate.stop();
        if (pool != null) {
            // Chunks not started yet start, see the stop and list their items; none is interrupted on the wire.
            pool.shutdown();
            if (!StopGate.awaitEnd(pool, IN_FLIGHT_GRACE_SECONDS)) {
                for (Runnable never : pool.shutdownNow()) {
                    List<WriteRequest> chunkNeverSent = notStarted.remove(never);
                    if (chunkNeverSent != null) {
                        try {
                            failAll(chunkNeverSent, "interrupted before it was sent");
                        } catch (RuntimeException e) {
                            // Keep listing the other chunks; say it the way flush says an unrecordable chunk.
                            unrecorded = unrecorded == null ? e : unrecorded;
                        }
                    }
                }
                // Interrupted writers record their unconfirmed items; let them finish before the sink closes.
                StopGate.awaitEnd(pool, 30);
            }
        }
        if (unrecorded != null) {
            throw new IllegalStateException("a batch write failed unexpectedly: " + oneLine(unrecorded), unrecorded);
        }
    }

    private void dispatch() throws InterruptedException {
        if (chunk.isEmpty()) {
            return;
        }
        if (pool != null) {
            // Wait for a slot before taking the buffer, so an interrupt here leaves it accounted for.
            inFlight.acquire();
            surfaceFinished();
        }
        List<WriteRequest> toSend = chunk;
        chunk = new ArrayList<>(MAX_BATCH);
        chunkKeys = new HashSet<>();
        if (pool == null) {
            writeChunk(toSend);
            return;
        }
        java.util.concurrent.atomic.AtomicReference<Future<?>> self = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
            notStarted.remove(self.get());
            try {
                writeChunk(toSend);
            } finally {
                inFlight.release();
            }
            return null;
        });
        self.set(task);
        notStarted.put(task, toSend);
        pending.add(task);
        pool.execute(task);
    }

    /** Drops finished chunks, rethrowing the first unexpected error so no chunk goes unaccounted. */
    private void surfaceFinished() {
        java.util.Iterator<Future<?>> iterator = pending.iterator();
        while (iterator.hasNext()) {
            Future<?> future = iterator.next();
            if (!future.isDone()) {
                continue;
            }
            iterator.remove();
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a batch write failed unexpectedly: " + oneLine(e.getCause()), e.getCause());
            } catch (InterruptedException | java.util.concurrent.CancellationException e) {
                throw new IllegalStateException("a batch write was cancelled", e);
            }
        }
    }

    private void writeChunk(List<WriteRequest> requests) throws InterruptedException {
        try {
            writeUntilDone(requests);
        } catch (InterruptedException e) {
            // Only what DynamoDB has not confirmed yet is listed; written items stay counted.
            List<WriteRequest> unconfirmed = currentRemaining.get();
            failAll(unconfirmed == null ? requests : unconfirmed, "interrupted before DynamoDB confirmed the write");
            throw e;
        } finally {
            currentRemaining.remove();
        }
    }

    /** Sends a chunk until every request is confirmed or recorded as failed. */
    private void writeUntilDone(List<WriteRequest> requests) throws InterruptedException {
        currentRemaining.set(requests);
        // Until its request goes out, this thread only waits: a stop may interrupt it.
        gate.waiting();
        try {
            sendUntilDone(requests, clockMillis.getAsLong() + policy.budgetMillis());
        } finally {
            gate.leave();
        }
    }

    private void sendUntilDone(List<WriteRequest> requests, long deadline) throws InterruptedException {
        List<WriteRequest> remaining = requests;
        int attempt = 0;
        int throttledCalls = 0;
        boolean mayHaveApplied = false;
        while (!remaining.isEmpty()) {
            if (gate.stopped() && !mayHaveApplied) {
                failAll(remaining, "stopped before it was sent");
                return;
            }
            double estimate = estimateUnits(remaining);
            long left = deadline - clockMillis.getAsLong();
            Limiter.Slot slot = left <= 0 ? null : limiter.start(estimate, remaining.size(), left * 1_000_000L);
            if (slot == null) {
                // The deadline holds while waiting for the budget, not only between attempts.
                failAll(remaining, "gave up after " + attempt + " attempts and " + policy.budgetMillis() / 1000
                        + " s: the write budget stayed in debt (throttles)");
                return;
            }
            if (!gate.send() && !mayHaveApplied) {
                slot.close();
                limiter.settle(estimate, 0);
                failAll(remaining, "stopped before it was sent");
                return;
            }
            BatchWriteItemResponse response = null;
            SdkException failure = null;
            try {
                response = client.batchWriteItem(BatchWriteItemRequest.builder()
                        .requestItems(Map.of(tableName, remaining))
                        .returnConsumedCapacity(ConsumedUnits.WRITES)
                        .build());
            } catch (SdkException e) {
                failure = e;
            } finally {
                // The place in flight is free once the answer is in: not held through backoff or the one-by-one retries.
                slot.close();
            }
            // A chunk that may have been applied (a lost reply) is retried to its end, which tells whether it was;
            // any other waits from here on (budget, backoff) and gives up at a stop.
            mayHaveApplied = failure != null && RetryPolicy.mayHaveBeenApplied(failure);
            if (!mayHaveApplied) {
                gate.waiting();
            }
            if (failure != null) {
                SdkException e = failure;
                limiter.settle(estimate, 0);
                if (!RetryPolicy.isRetryable(e)) {
                    rejectChunk(remaining, e);
                    return;
                }
                // A throttle is the budget's to answer (it slows every writer of the job down): only the
                // deadline bounds how long a chunk waits through them; other errors count as attempts.
                if (RetryPolicy.isThrottle(e)) {
                    limiter.penalize();
                    throttledCalls++;
                } else {
                    attempt++;
                }
                if (attempt >= policy.maxAttempts() || clockMillis.getAsLong() >= deadline) {
                    failAll(remaining, "gave up after " + (attempt + throttledCalls) + " attempts: " + oneLine(e));
                    return;
                }
                retries.incrementAndGet();
                backoff(attempt + throttledCalls);
                continue;
            }
            double consumed = ConsumedUnits.of(response.hasConsumedCapacity() ? response.consumedCapacity() : null, estimate);
            limiter.settle(estimate, consumed);
            consumedMilliUnits.addAndGet(Math.round(consumed * 1000));
            List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(tableName, List.of())
                    : List.of();
            written.addAndGet(remaining.size() - unprocessed.size());
            remaining = unprocessed;
            currentRemaining.set(remaining);
            if (remaining.isEmpty()) {
                return;
            }
            // DynamoDB leaves items unprocessed when the table or a partition is over its capacity:
            // a throttle for the budget like an error, which slows every writer of the job down.
            limiter.penalize();
            attempt++;
            if (attempt >= policy.maxAttempts() || clockMillis.getAsLong() >= deadline) {
                failAll(remaining, "still unprocessed after " + attempt + " attempts");
                return;
            }
            retries.incrementAndGet();
            backoff(attempt);
        }
    }

    /** A chunk DynamoDB refused outright (e.g. one invalid item): retry items one by one to find which. */
    private void rejectChunk(List<WriteRequest> requests, SdkException e) throws InterruptedException {
        if (requests.size() == 1) {
            failAll(requests, oneLine(e));
            return;
        }
        for (int i = 0; i < requests.size(); i++) {
            try {
                writeUntilDone(List.of(requests.get(i)));
            } catch (InterruptedException interrupted) {
                failAll(requests.subList(i + 1, requests.size()), "interrupted before DynamoDB confirmed the write");
                throw interrupted;
            }
        }
    }

    private void failAll(List<WriteRequest> requests, String error) {
        for (WriteRequest request : requests) {
            if (request.putRequest() != null) {
                failures.record("put", request.putRequest().item(), error);
            } else {
                failures.record("delete", request.deleteRequest().key(), error);
            }
            failed.incrementAndGet();
        }
    }

    private void backoff(int attempt) throws InterruptedException {
        long ceiling = policy.ceilingMillis(attempt);
        long millis;
        synchronized (jitter) {
            millis = (long) (jitter.nextDouble() * ceiling);
        }
        sleeper.sleepNanos(Math.max(millis, 1) * 1_000_000L);
    }

    /**
     * Units a chunk will likely consume: its size times the units per request DynamoDB reported so
     * far (at least 1 each). Cheaper than sizing every item, and the limiter settles the difference.
     */
    private double estimateUnits(List<WriteRequest> requests) {
        long confirmed = written.get();
        double perRequest = confirmed == 0 ? 1.0 : Math.max(1.0, consumedMilliUnits.get() / 1000.0 / confirmed);
        return requests.size() * perRequest;
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
