package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * The per-item writer's retries, with calls that fail as DynamoDB and the network do (hand-written
 * stand-ins for the request; the limiter runs on a fake clock): a network error adds no debt to the
 * budget, the retry deadline holds while waiting for the budget, and a failed condition after a
 * lost reply is reconciled, never counted as a failed condition.
 */
class ItemWriterNetworkErrorTest {
    private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("a"));
    private static final RetryPolicy QUICK = new RetryPolicy(10, 1, 1, 60_000);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final CapacityLimiter limiter = new CapacityLimiter(100, nanos::get, nanos::addAndGet);
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    private ItemWriter writer(RetryPolicy policy) {
        return new ItemWriter(null, limiter, (op, item, error) -> failures.add(op + " " + item + ": " + error), policy, 1);
    }

    /** A call that fails {@code times} times with {@code error}, then succeeds. */
    private static ItemWriter.Call failing(int times, RuntimeException error) {
        AtomicInteger calls = new AtomicInteger();
        return client -> {
            if (calls.incrementAndGet() <= times) {
                throw error;
            }
            return null;
        };
    }

    @Test
    void networkErrorsAddNoDebtToTheBudget() throws InterruptedException {
        try (ItemWriter writer = writer(QUICK)) {
            writer.submit("delete", KEY, 1, failing(5, SdkClientException.create("Connection refused")));
            writer.flush();
            assertThat(writer.stats().done()).isEqualTo(1);
            assertThat(writer.stats().retries()).isEqualTo(5);
        }
        assertThat(failures).isEmpty();
        // Not in debt: a request may go at once.
        assertThat(limiter.acquire(1, 0)).isZero();
    }

    @Test
    void throttlesStillSlowTheBudgetDown() throws InterruptedException {
        try (ItemWriter writer = writer(QUICK)) {
            writer.submit("delete", KEY, 1, failing(2, ProvisionedThroughputExceededException.builder().message("slow down")
                    .statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ProvisionedThroughputExceededException").build()).build()));
            writer.flush();
            assertThat(writer.stats().done()).isEqualTo(1);
        }
        assertThat(limiter.acquire(1, 0)).isEqualTo(-1);
    }

    @Test
    void theRetryDeadlineHoldsWhileWaitingForABudgetInDebt() throws InterruptedException {
        // Hours of debt; the fake clock moves only when the limiter sleeps, so giving up costs no real time.
        limiter.settle(0, 1_000_000);
        try (ItemWriter writer = writer(new RetryPolicy(10, 1, 1, 2_000))) {
            writer.submit("update", KEY, 1, client -> null);
            writer.flush();
            assertThat(writer.stats().failed()).isEqualTo(1);
            assertThat(writer.stats().done()).isZero();
        }
        assertThat(failures).singleElement().asString().contains("gave up").contains("in debt");
    }

    @Test
    void aFailedConditionAfterALostReplyIsReconciledNotCountedAsAFailedCondition() throws InterruptedException {
        try (ItemWriter writer = writer(QUICK)) {
            writer.submit("delete", KEY, 1, lostThenConditionFailed(), client -> ItemWriter.Verdict.APPLIED);
            writer.submit("update", KEY, 1, lostThenConditionFailed(), client -> ItemWriter.Verdict.UNKNOWN);
            writer.submit("update", KEY, 1, failing(1, ConditionalCheckFailedException.builder().message("no").build()));
            writer.flush();
            ItemWriter.Stats stats = writer.stats();
            assertThat(stats.done()).isEqualTo(1);
            assertThat(stats.replyLost()).isEqualTo(1);
            assertThat(stats.failed()).isEqualTo(1);
            assertThat(stats.outcomeUnknown()).isEqualTo(1);
            // Only the failed condition without a lost reply before it is a failed condition.
            assertThat(stats.conditionFailed()).isEqualTo(1);
        }
        assertThat(failures).singleElement().asString().startsWith("update").contains("outcome unknown");
    }

    private static ItemWriter.Call lostThenConditionFailed() {
        AtomicInteger calls = new AtomicInteger();
        return client -> {
            if (calls.incrementAndGet() == 1) {
                throw SdkClientException.create("The target server failed to respond");
            }
            throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
        };
    }
}
