package dev.bulk.dynamo;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/**
 * One DynamoDB client per settings per JVM (driver or executor). Clients are thread-safe and
 * expensive (connection pool), so every task of an executor shares one.
 *
 * <p>The SDK retries 5xx and network errors, but not throttles: a throttle the SDK retried by
 * itself would never reach the job's budget, which must see every one to slow the whole job down.
 * The callers that draw on a budget (the scanner, the batch and item writers) retry throttles
 * themselves, with backoff, after telling the budget. The few calls outside a budget (a schema
 * sample) use {@link #retryingThrottles}.
 */
public final class DynamoClients {
    private static final Map<ClientSettings, DynamoDbClient> CLIENTS = new ConcurrentHashMap<>();
    private static final Map<ClientSettings, DynamoDbClient> THROTTLE_RETRYING = new ConcurrentHashMap<>();
    private static final int MAX_CONNECTIONS = 128;

    private DynamoClients() {
    }

    public static DynamoDbClient get(ClientSettings settings) {
        return CLIENTS.computeIfAbsent(settings, s -> build(s, false));
    }

    /** A client whose SDK also retries throttles, for a call that draws on no budget. */
    public static DynamoDbClient retryingThrottles(ClientSettings settings) {
        return THROTTLE_RETRYING.computeIfAbsent(settings, s -> build(s, true));
    }

    private static DynamoDbClient build(ClientSettings settings, boolean retryThrottles) {
        // Standard mode, explicit attempts, jittered backoff; bounded so a dead endpoint fails in
        // seconds, not minutes. Throttles only where no budget needs to see them (see above).
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
        if (settings.profile() != null) {
            override.defaultProfileName(settings.profile());
        }
        RetryStrategy.Builder<?, ?> strategy = AwsRetryStrategy.standardRetryStrategy().toBuilder();
        if (!retryThrottles) {
            // useClientDefaults(false): the client would otherwise add its own conditions, throttles among them.
            strategy = StandardRetryStrategy.builder()
                    .useClientDefaults(false)
                    .retryOnException(DynamoClients::retryableButNoThrottle)
                    .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(20)));
        }
        RetryStrategy retryStrategy = strategy.maxAttempts(settings.maxAttempts()).build();
        return configure(DynamoDbClient.builder(), settings, override.retryStrategy(retryStrategy)).build();
    }

    /**
     * An Application Auto Scaling client with the same credentials, region and endpoint, for the one
     * lookup before a job (whether auto scaling manages the table's capacity). Not cached: it is used once.
     */
    static ApplicationAutoScalingClient autoScaling(ClientSettings settings) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
        if (settings.profile() != null) {
            override.defaultProfileName(settings.profile());
        }
        override.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(settings.maxAttempts()).build());
        return configure(ApplicationAutoScalingClient.builder(), settings, override).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
            ClientSettings settings, ClientOverrideConfiguration.Builder override) {
        builder.httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(MAX_CONNECTIONS)
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofMillis(settings.callTimeoutMillis())))
                .overrideConfiguration(override
                        .apiCallAttemptTimeout(Duration.ofMillis(settings.callTimeoutMillis()))
                        .build())
                .credentialsProvider(credentials(settings));
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder;
    }

    /**
     * Loads the SDK's client and request classes on a background thread, so the command's first
     * real client and call do not: a throwaway client for a closed loopback port (nothing listens
     * on the discard port; the call fails at once, and is never retried) makes one DescribeTable.
     * Building the first client and sending the first request load some 3,000 classes (endpoint
     * rules, the HTTP client, signing, marshalling), most of a second of one core that the command
     * line's parsing on the other core hides. Nothing is sent anywhere but to that port.
     */
    public static void warmUpInBackground() {
        Thread thread = new Thread(() -> {
            ClientSettings placeholder = ClientSettings.local("http://127.0.0.1:9");
            try (DynamoDbClient client = configure(DynamoDbClient.builder(), placeholder, ClientOverrideConfiguration.builder()
                    .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(1).build())).build()) {
                client.describeTable(request -> request.tableName("warm-up"));
            } catch (RuntimeException expected) {
                // The call was only for its classes: its failure is the expected outcome.
            }
        }, "bulk-sdk-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** The AWS SDK's version, for --version. */
    public static String sdkVersion() {
        return software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION;
    }

    private static boolean retryableButNoThrottle(Throwable error) {
        return error instanceof SdkException sdk && RetryPolicy.isRetryable(sdk) && !RetryPolicy.isThrottle(sdk);
    }

    private static AwsCredentialsProvider credentials(ClientSettings settings) {
        if (settings.staticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        AwsCredentialsProvider chain = settings.profile() != null
                ? ProfileCredentialsProvider.create(settings.profile())
                : DefaultCredentialsProvider.builder().build();
        if (settings.endpoint() == null) {
            return chain;
        }
        // A custom endpoint (a compatible store, a DynamoDB Local) may need no credentials at all.
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(chain, StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .reuseLastProviderEnabled(true)
                .build();
    }

}
