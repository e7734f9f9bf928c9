package dev.bulk.dynamo;

import java.io.Serializable;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Our own retries around BatchWriteItem (unprocessed items and throttles that outlived the SDK's
 * retries) and around per-item writes (which make one SDK attempt each, so every attempt is
 * seen here): full-jitter exponential backoff, bounded by attempts and by total time
 * ({@code budgetMillis}, the retry deadline).
 */
public record RetryPolicy(int maxAttempts, long baseDelayMillis, long maxDelayMillis, long budgetMillis)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final RetryPolicy DEFAULT = new RetryPolicy(15, 50, 5_000, Duration.ofMinutes(3).toMillis());

    /**
     * Per-item writes: the SDK makes one attempt per call for them, so this policy alone carries
     * the attempts the SDK's ten used to add; the deadline still bounds the whole.
     */
    public static final RetryPolicy ITEMS = new RetryPolicy(60, 50, 5_000, Duration.ofMinutes(3).toMillis());

    /** The same policy with another retry deadline. */
    public RetryPolicy withBudgetMillis(long millis) {
        return new RetryPolicy(maxAttempts, baseDelayMillis, maxDelayMillis, millis);
    }

    /** DynamoDB said the table or account is over its capacity: a reason to slow the whole budget down. */
    public static boolean isThrottle(SdkException e) {
        if (!(e instanceof AwsServiceException service)) {
            return false;
        }
        if (service.isThrottlingException()) {
            return true;
        }
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        return "ProvisionedThroughputExceededException".equals(code) || "ThrottlingException".equals(code)
                || "RequestLimitExceeded".equals(code);
    }

    /** No answer from DynamoDB at all (refused, reset, timed out): says nothing about capacity. */
    public static boolean isNetworkError(SdkException e) {
        return e instanceof SdkClientException;
    }

    /**
     * Whether the request may have been applied although it failed: when no answer came (the
     * request may have arrived) or DynamoDB answered with a 5xx (which it may send after applying).
     */
    public static boolean mayHaveBeenApplied(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        return e instanceof AwsServiceException service && service.statusCode() >= 500;
    }

    /** Throttles, 5xx and network errors are worth another try; a request DynamoDB rejected is not. */
    public static boolean isRetryable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return isThrottle(e) || service.statusCode() >= 500;
        }
        return e.retryable();
    }

    /** Upper bound of the sleep before attempt {@code attempt} (1-based retry number). */
    public long ceilingMillis(int attempt) {
        double exponential = baseDelayMillis * Math.pow(2, Math.min(attempt - 1, 30));
        return (long) Math.min(exponential, maxDelayMillis);
    }
}
