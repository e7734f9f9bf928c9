package dev.bulk.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The scanner against a hand-written fake: DynamoDB Local never throttles, so throttled pages need the fake. */
class SegmentScannerFakeThrottlingTest {
    /** Three pages of 10 items; every other call is throttled. */
    static final class ThrottlingScans implements DynamoDbClient {
        final AtomicInteger calls = new AtomicInteger();
        final boolean alwaysFail;

        ThrottlingScans(boolean alwaysFail) {
            this.alwaysFail = alwaysFail;
        }

        @Override
        public ScanResponse scan(ScanRequest request) {
            int call = calls.incrementAndGet();
            if (alwaysFail) {
                throw DynamoDbException.builder().statusCode(400).message("bad filter")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).build();
            }
            if (call % 2 == 1) {
                throw ProvisionedThroughputExceededException.builder().statusCode(400).message("slow down")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                        .build();
            }
            int page = request.exclusiveStartKey() == null || request.exclusiveStartKey().isEmpty() ? 0
                    : Integer.parseInt(request.exclusiveStartKey().get("page").n());
            ScanResponse.Builder response = ScanResponse.builder().count(10).scannedCount(10)
                    .consumedCapacity(ConsumedCapacity.builder().capacityUnits(2.0).build());
            if (page < 2) {
                response.lastEvaluatedKey(Map.of("page", AttributeValue.fromN(String.valueOf(page + 1))));
            }
            return response.build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private static CapacityLimiter fastLimiter() {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        return new CapacityLimiter(1_000_000, nanos::get, nanos::addAndGet);
    }

    @Test
    void throttledPagesAreRetriedAndTheCountIsExact() throws InterruptedException {
        ThrottlingScans dynamo = new ThrottlingScans(false);
        SegmentScanner scanner = new SegmentScanner(dynamo, fastLimiter(), new RetryPolicy(5, 1, 2, 10_000));
        SegmentScanner.SegmentResult result = scanner.scan(ScanSpec.count(new TableRef("t-1", null, null), null, 4), 0,
                (count, scanned, items) -> true);
        assertThat(result.count()).isEqualTo(30);
        assertThat(result.pages()).isEqualTo(3);
        assertThat(result.consumedUnits()).isEqualTo(6.0);
        assertThat(dynamo.calls.get()).isEqualTo(6);
    }

    @Test
    void aValidationErrorIsNotRetried() {
        ThrottlingScans dynamo = new ThrottlingScans(true);
        SegmentScanner scanner = new SegmentScanner(dynamo, fastLimiter(), new RetryPolicy(5, 1, 2, 10_000));
        assertThatThrownBy(() -> scanner.scan(ScanSpec.count(new TableRef("t-1", null, null), null, 4), 0,
                (count, scanned, items) -> true)).isInstanceOf(DynamoDbException.class);
        assertThat(dynamo.calls.get()).isEqualTo(1);
    }
}
