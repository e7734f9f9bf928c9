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
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/**
 * One DynamoDB client per settings per JVM (driver or executor). Clients are thread-safe and
 * expensive (connection pool), so every task of an executor shares one.
 */
public final class DynamoClients {
    private static final Map<ClientSettings, DynamoDbClient> CLIENTS = new ConcurrentHashMap<>();
    private static final int MAX_CONNECTIONS = 128;

    private DynamoClients() {
    }

    public static DynamoDbClient get(ClientSettings settings) {
        return CLIENTS.computeIfAbsent(settings, DynamoClients::build);
    }

    static DynamoDbClient build(ClientSettings settings) {
        // Standard mode, explicit attempts: retries throttles and 5xx with jittered backoff;
        // bounded so a dead endpoint fails in seconds, not minutes.
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
        if (settings.profile() != null) {
            override.defaultProfileName(settings.profile());
        }
        RetryStrategy retryStrategy = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .build();
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(MAX_CONNECTIONS)
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofMillis(settings.callTimeoutMillis())))
                .overrideConfiguration(override
                        .retryStrategy(retryStrategy)
                        .apiCallAttemptTimeout(Duration.ofMillis(settings.callTimeoutMillis()))
                        .build())
                .credentialsProvider(credentials(settings));
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder.build();
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
