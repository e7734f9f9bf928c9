package dev.bulk.dynamo;

import java.io.Serializable;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Our own retries around BatchWriteItem (unprocessed items and throttles that outlived the SDK's
 * retries): full-jitter exponential backoff, bounded by attempts and by total time.
 */
public record RetryPolicy(int maxAttempts, long baseDelayMillis, long maxDelayMillis, long budgetMillis)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final RetryPolicy DEFAULT = new RetryPolicy(15, 50, 5_000, Duration.ofMinutes(3).toMillis());

    /** Throttles, 5xx and network errors are worth another try; a request DynamoDB rejected is not. */
    public static boolean isRetryable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            if (service.isThrottlingException() || service.statusCode() >= 500) {
                return true;
            }
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return "ProvisionedThroughputExceededException".equals(code) || "ThrottlingException".equals(code)
                    || "RequestLimitExceeded".equals(code);
        }
        return e.retryable();
    }

    /** Upper bound of the sleep before attempt {@code attempt} (1-based retry number). */
    public long ceilingMillis(int attempt) {
        double exponential = baseDelayMillis * Math.pow(2, Math.min(attempt - 1, 30));
        return (long) Math.min(exponential, maxDelayMillis);
    }
}
