// The "production" client of the capacity benchmark: PutItem of ~1,000-byte items (one write unit
// each) at a steady rate through an endpoint, signed with its own access key so that
// ThrottlingDynamoFake counts its requests and throttles apart from bulk's. It does not retry a
// throttled put (each refusal is a request the application would have seen fail or wait) and runs
// until STOP_FILE exists. Run with the tool's jar on the classpath:
//   java -cp cli/target/bulk.jar bench/Production.java ENDPOINT TABLE UNITS_PER_SECOND STOP_FILE
// Prints one line at the end: "production puts=N throttled=T server_errors=E seconds=S puts_per_s=R".

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

public class Production {
    private static final int THREADS = 32;
    private static final String PAYLOAD = "p".repeat(950);

    public static void main(String[] args) throws Exception {
        String table = args[1];
        double rate = Double.parseDouble(args[2]);
        Path stop = Path.of(args[3]);
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(URI.create(args[0]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("production", "x")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(THREADS))
                .overrideConfiguration(o -> o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(1).build()))
                .build();
        long start = System.nanoTime();
        long interval = (long) (1e9 / rate);
        // One schedule shared by the threads: put k is due at start + k × interval, so a slow reply
        // on one thread does not lower the rate while the others keep up.
        AtomicLong next = new AtomicLong();
        AtomicLong puts = new AtomicLong();
        AtomicLong throttled = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            pool.submit(() -> {
                while (!Files.exists(stop)) {
                    long k = next.getAndIncrement();
                    long wait = start + k * interval - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    Map<String, AttributeValue> item = new HashMap<>();
                    item.put("pk", AttributeValue.fromS(String.format("prod#%013d", k)));
                    item.put("sk", AttributeValue.fromS("sk#01"));
                    item.put("payload", AttributeValue.fromS(PAYLOAD));
                    try {
                        client.putItem(r -> r.tableName(table).item(item));
                        puts.incrementAndGet();
                    } catch (DynamoDbException e) {
                        if (e.isThrottlingException()) {
                            throttled.incrementAndGet();
                        } else if (e.statusCode() >= 500) {
                            // A server error is not a throttle; counted apart so the figure stays honest.
                            errors.incrementAndGet();
                        } else {
                            // A refused request (bad table, bad item) means the benchmark itself is broken.
                            e.printStackTrace();
                            System.exit(1);
                        }
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
            // waits for the stop file
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("production puts=%d throttled=%d server_errors=%d seconds=%.1f puts_per_s=%.0f%n", puts.get(),
                throttled.get(), errors.get(), seconds, puts.get() / seconds);
        client.close();
    }
}
