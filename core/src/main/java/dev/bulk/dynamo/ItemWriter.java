package dev.bulk.dynamo;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
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
 * errors that outlived the SDK's retries are retried here with jittered backoff within the retry
 * policy; a failed condition is counted, not an error; anything else goes to the failure sink with
 * the item's key. Every submitted item ends in exactly one of the counts.
 */
public final class ItemWriter implements AutoCloseable {
    /** One item's request: sends it and returns what DynamoDB reported it consumed (or null). */
    @FunctionalInterface
    public interface Call {
        ConsumedCapacity send(DynamoDbClient client);
    }

    /** Confirmed writes, failed conditions, items in the failure file, units DynamoDB reported, retries. */
    public record Stats(long done, long conditionFailed, long failed, double consumedUnits, long retries) {
    }

    private final DynamoDbClient client;
    private final Limiter limiter;
    private final FailureSink failures;
    private final RetryPolicy policy;
    private final ExecutorService pool;
    private final Semaphore queued;
    private final int maxQueued;

    private static final int MAX_QUEUED = 1024;

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong conditionFailed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong consumedMilliUnits = new AtomicLong();

    public ItemWriter(DynamoDbClient client, Limiter limiter, FailureSink failures, RetryPolicy policy, int concurrency) {
        this.client = client;
        this.limiter = limiter;
        this.failures = failures;
        this.policy = policy;
        this.pool = Executors.newFixedThreadPool(Math.max(1, concurrency), runnable -> {
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
        queued.acquire();
        try {
            pool.execute(new Pending(operation, key, estimate, call));
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
        return new Stats(done.get(), conditionFailed.get(), failed.get(), consumedMilliUnits.get() / 1000.0, retries.get());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            flush();
        } finally {
            // Items never sent are listed too; interrupted senders record theirs: let them finish first.
            for (Runnable never : pool.shutdownNow()) {
                if (never instanceof Pending pending) {
                    record(pending.operation, pending.key, "interrupted before it was sent");
                    queued.release();
                }
            }
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** One queued item's request. */
    private final class Pending implements Runnable {
        private final String operation;
        private final Map<String, AttributeValue> key;
        private final double estimate;
        private final Call call;

        Pending(String operation, Map<String, AttributeValue> key, double estimate, Call call) {
            this.operation = operation;
            this.key = key;
            this.estimate = estimate;
            this.call = call;
        }

        @Override
        public void run() {
            try {
                send(operation, key, estimate, call);
            } finally {
                queued.release();
            }
        }
    }

    private void send(String operation, Map<String, AttributeValue> key, double estimate, Call call) {
        long deadline = System.currentTimeMillis() + policy.budgetMillis();
        int attempt = 0;
        try {
            while (true) {
                limiter.acquire(estimate);
                try {
                    ConsumedCapacity consumed = call.send(client);
                    double units = consumed == null || consumed.capacityUnits() == null ? estimate : consumed.capacityUnits();
                    limiter.settle(estimate, units);
                    consumedMilliUnits.addAndGet(Math.round(units * 1000));
                    done.incrementAndGet();
                    return;
                } catch (ConditionalCheckFailedException e) {
                    // DynamoDB charges a failed condition like the write it would have been.
                    limiter.settle(estimate, estimate);
                    consumedMilliUnits.addAndGet(Math.round(estimate * 1000));
                    conditionFailed.incrementAndGet();
                    return;
                } catch (SdkException e) {
                    limiter.settle(estimate, 0);
                    attempt++;
                    if (!RetryPolicy.isRetryable(e)) {
                        record(operation, key, BatchWriter.oneLine(e));
                        return;
                    }
                    limiter.penalize();
                    if (attempt >= policy.maxAttempts() || System.currentTimeMillis() >= deadline) {
                        record(operation, key, "gave up after " + attempt + " attempts: " + BatchWriter.oneLine(e));
                        return;
                    }
                    retries.incrementAndGet();
                    Thread.sleep(Math.max(1, (long) (ThreadLocalRandom.current().nextDouble() * policy.ceilingMillis(attempt))));
                }
            }
        } catch (InterruptedException e) {
            record(operation, key, "interrupted before DynamoDB confirmed the write");
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            record(operation, key, BatchWriter.oneLine(e));
        }
    }

    private void record(String operation, Map<String, AttributeValue> key, String error) {
        failures.record(operation, key, error);
        failed.incrementAndGet();
    }
}
