package dev.bulk.dynamo;

import dev.bulk.Redaction;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything needed to build a DynamoDB client, as plain data: it is shipped to Spark executors,
 * which build their own client from it (clients are never serialized).
 *
 * @param region      region name, or null for the SDK's default chain
 * @param profile     named profile, or null for the default credential chain
 * @param endpoint    endpoint override (DynamoDB Local, a compatible store), or null
 * @param staticCredentials true to use fixed dummy credentials (DynamoDB Local needs none)
 * @param maxAttempts total attempts per call for the SDK's standard retry strategy
 * @param callTimeoutMillis deadline of one attempt
 */
public record ClientSettings(String region, String profile, String endpoint, boolean staticCredentials,
        int maxAttempts, long callTimeoutMillis) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final long DEFAULT_CALL_TIMEOUT_MILLIS = Duration.ofSeconds(30).toMillis();

    public ClientSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static ClientSettings aws(String region, String profile) {
        return new ClientSettings(region, profile, null, false, DEFAULT_MAX_ATTEMPTS, DEFAULT_CALL_TIMEOUT_MILLIS);
    }

    public static ClientSettings endpoint(String endpoint, String region, String profile) {
        return new ClientSettings(region, profile, Objects.requireNonNull(endpoint, "endpoint is null"), false,
                DEFAULT_MAX_ATTEMPTS, DEFAULT_CALL_TIMEOUT_MILLIS);
    }

    /** DynamoDB Local ignores credentials and region, but the SDK insists on both. */
    public static ClientSettings local(String endpoint) {
        return new ClientSettings("us-east-1", null, endpoint, true, DEFAULT_MAX_ATTEMPTS, DEFAULT_CALL_TIMEOUT_MILLIS);
    }

    public ClientSettings withMaxAttempts(int attempts) {
        return new ClientSettings(region, profile, endpoint, staticCredentials, attempts, callTimeoutMillis);
    }

    /** Description for messages; never contains credentials. */
    public String describe() {
        if (endpoint != null) {
            return Redaction.redact(endpoint);
        }
        return "AWS " + (region == null ? "(default region)" : region);
    }
}
