package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The batch writer against a hand-written fake of BatchWriteItem: DynamoDB Local never returns
 * unprocessed items, never throttles and never fails with 5xx, so these paths need the fake.
 */
class BatchWriterFakeThrottlingTest {
    private static final String TABLE = "t";
    private static final KeySchema KEYS = new KeySchema("pk", "S", null, null);

    /** Returns some requests unprocessed, throttles some calls, and records what it stored. */
    static final class FlakyDynamo implements DynamoDbClient {
        final Set<String> stored = Collections.synchronizedSet(new HashSet<>());
        final AtomicLong calls = new AtomicLong();
        final int throttleEvery;
        final int serverErrorEvery;
        final boolean neverSucceed;

        FlakyDynamo(int throttleEvery, int serverErrorEvery, boolean neverSucceed) {
            this.throttleEvery = throttleEvery;
            this.serverErrorEvery = serverErrorEvery;
            this.neverSucceed = neverSucceed;
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            long call = calls.incrementAndGet();
            List<WriteRequest> requests = request.requestItems().get(TABLE);
            Set<String> keys = new HashSet<>();
            for (WriteRequest write : requests) {
                assertThat(keys.add(write.putRequest().item().get("pk").s())).as("no key twice in a chunk").isTrue();
            }
            assertThat(requests).hasSizeLessThanOrEqualTo(25);
            if (throttleEvery > 0 && call % throttleEvery == 0) {
                throw ProvisionedThroughputExceededException.builder().statusCode(400).message("throttled")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                        .build();
            }
            if (serverErrorEvery > 0 && call % serverErrorEvery == 0) {
                throw DynamoDbException.builder().statusCode(500).message("internal error").build();
            }
            List<WriteRequest> unprocessed = new ArrayList<>();
            int index = 0;
            for (WriteRequest write : requests) {
                // Every other request of a multi-request chunk comes back unprocessed.
                if (neverSucceed || (requests.size() > 1 && index % 2 == 1)) {
                    unprocessed.add(write);
                } else {
                    stored.add(write.putRequest().item().get("pk").s());
                }
                index++;
            }
            Map<String, List<WriteRequest>> unprocessedMap = new HashMap<>();
            if (!unprocessed.isEmpty()) {
                unprocessedMap.put(TABLE, unprocessed);
            }
            return BatchWriteItemResponse.builder()
                    .unprocessedItems(unprocessedMap)
                    .consumedCapacity(ConsumedCapacity.builder().tableName(TABLE)
                            .capacityUnits((double) (requests.size() - unprocessed.size())).build())
                    .build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    /** Collects failures in memory. */
    static final class Failures implements FailureSink {
        final List<String> keys = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void record(String operation, Map<String, AttributeValue> item, String error) {
            keys.add(item.get("pk").s());
        }
    }

    private final AtomicLong sleptNanos = new AtomicLong();
    private final AtomicLong fakeMillis = new AtomicLong();

    private BatchWriter writer(DynamoDbClient client, FailureSink failures, RetryPolicy policy, int concurrency) {
        // The limiter's clock moves only when it sleeps, so a throttle's penalty costs no real time.
        AtomicLong limiterNanos = new AtomicLong();
        CapacityLimiter limiter = new CapacityLimiter(1_000_000, limiterNanos::get, limiterNanos::addAndGet);
        return new BatchWriter(client, TABLE, KEYS, limiter, failures, policy, concurrency, nanos -> {
            sleptNanos.addAndGet(nanos);
            fakeMillis.addAndGet(nanos / 1_000_000);
        }, fakeMillis::get);
    }

    private static Map<String, AttributeValue> item(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromN("1"));
    }

    @Test
    void unprocessedItemsAndThrottlesLoseNothingAndCountsAreExact() throws InterruptedException {
        FlakyDynamo dynamo = new FlakyDynamo(3, 7, false);
        Failures failures = new Failures();
        BatchWriter.Stats stats;
        try (BatchWriter writer = writer(dynamo, failures, RetryPolicy.DEFAULT, 4)) {
            for (int i = 0; i < 1000; i++) {
                writer.put(item("k" + i));
            }
            writer.flush();
            stats = writer.stats();
        }
        assertThat(failures.keys).isEmpty();
        assertThat(dynamo.stored).hasSize(1000);
        assertThat(stats.written()).isEqualTo(1000);
        assertThat(stats.failed()).isZero();
        assertThat(stats.retries()).isPositive();
        assertThat(stats.consumedUnits()).isEqualTo(1000.0);
    }

    @Test
    void backoffIsBoundedByThePolicyAndWhatNeverSucceedsGoesToTheFailureSink() throws InterruptedException {
        FlakyDynamo dynamo = new FlakyDynamo(0, 0, true);
        Failures failures = new Failures();
        RetryPolicy policy = new RetryPolicy(5, 50, 400, 60_000);
        BatchWriter.Stats stats;
        try (BatchWriter writer = writer(dynamo, failures, policy, 1)) {
            for (int i = 0; i < 30; i++) {
                writer.put(item("k" + i));
            }
            writer.flush();
            stats = writer.stats();
        }
        assertThat(stats.written()).isZero();
        assertThat(stats.failed()).isEqualTo(30);
        assertThat(failures.keys).hasSize(30).doesNotHaveDuplicates();
        // Two chunks (25 + 5), each at most 4 sleeps, each at most the 400 ms ceiling.
        assertThat(dynamo.calls.get()).isEqualTo(10);
        assertThat(sleptNanos.get()).isLessThanOrEqualTo(2L * 4 * 400 * 1_000_000);
    }

    @Test
    void theTimeBudgetStopsRetriesEvenWithAttemptsLeft() throws InterruptedException {
        FlakyDynamo dynamo = new FlakyDynamo(0, 0, true);
        Failures failures = new Failures();
        RetryPolicy policy = new RetryPolicy(1_000, 1_000, 1_000, 3_000);
        try (BatchWriter writer = writer(dynamo, failures, policy, 1)) {
            writer.put(item("only"));
            writer.flush();
        }
        assertThat(failures.keys).containsExactly("only");
        // Stopped by the 3 s budget (the fake clock advances only by backoff sleeps of < 1 s each).
        assertThat(fakeMillis.get()).isBetween(3_000L, 4_000L);
        assertThat(dynamo.calls.get()).isLessThan(1_000);
    }

    @Test
    void aFailureThatCannotBeRecordedStopsTheWriterInsteadOfLosingItems() throws InterruptedException {
        FlakyDynamo dynamo = new FlakyDynamo(0, 0, true);
        FailureSink broken = (operation, item, error) -> {
            throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
        };
        BatchWriter writer = writer(dynamo, broken, new RetryPolicy(1, 1, 1, 1_000), 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                writer.put(item("k" + i));
            }
            writer.flush();
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("disk full");
        // Closing reports the other unrecordable chunks the same way rather than hiding them.
        try {
            writer.close();
        } catch (IllegalStateException alsoUnrecorded) {
            assertThat(alsoUnrecorded).hasMessageContaining("disk full");
        }
    }

    @Test
    void aRepeatedKeyStartsANewChunkSoBothWritesAreSent() throws InterruptedException {
        FlakyDynamo dynamo = new FlakyDynamo(0, 0, false);
        Failures failures = new Failures();
        try (BatchWriter writer = writer(dynamo, failures, RetryPolicy.DEFAULT, 1)) {
            writer.put(item("same"));
            writer.put(item("other"));
            writer.put(item("same"));
            writer.flush();
            assertThat(writer.stats().written()).isEqualTo(3);
        }
        assertThat(failures.keys).isEmpty();
        assertThat(dynamo.stored).containsExactlyInAnyOrder("same", "other");
        // [same, other] (the fake leaves "other" unprocessed), [other] again, then [same]:
        // the fake asserts no chunk names a key twice.
        assertThat(dynamo.calls.get()).isEqualTo(3);
    }
}
