package dev.bulk.dynamo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Reads one segment of a parallel scan (or the one "segment" of a Query), page by page, with an explicit LastEvaluatedKey loop so
 * the limiter is consulted before every page and settled with the units DynamoDB reports.
 * This is the one scan loop of the tool.
 */
public final class SegmentScanner {
    /** Receives each page; returning false stops the segment early. */
    public interface PageConsumer {
        boolean accept(int count, int scannedCount, List<Map<String, AttributeValue>> items);
    }

    /** What one segment cost and yielded. */
    public record SegmentResult(int segment, long count, long scannedCount, double consumedUnits, int pages) {
    }

    // A 1 MB page of eventually consistent reads costs 128 RCU; start there and follow reality.
    private static final double INITIAL_PAGE_ESTIMATE = 128.0;
    /** Items in the first page when pages are limited, before the cost of an item is known. */
    private static final int FIRST_LIMITED_PAGE_ITEMS = 25;
    private static final int MAX_LIMITED_PAGE_ITEMS = 10_000;

    private final DynamoDbClient client;
    private final Limiter limiter;
    private final RetryPolicy policy;
    /**
     * Asks DynamoDB to evaluate a scan's filter expression once (Limit 1, one page) so a mistake in
     * it is found before any task starts, not in every task: DynamoDB's message when it rejects the
     * expression, empty when it accepts it (or there is none). Other failures are thrown.
     */
    public static Optional<String> rejectedFilter(ClientSettings settings, ScanSpec spec) {
        if (spec.filterExpression() == null) {
            return Optional.empty();
        }
        ScanRequest.Builder probe = ScanRequest.builder().tableName(spec.table().apiName()).limit(1)
                .filterExpression(spec.filterExpression());
        if (spec.indexName() != null) {
            probe.indexName(spec.indexName());
        }
        if (spec.expressionNames() != null && !spec.expressionNames().isEmpty()) {
            probe.expressionAttributeNames(spec.expressionNames());
        }
        if (spec.expressionValues() != null && !spec.expressionValues().isEmpty()) {
            probe.expressionAttributeValues(spec.expressionValues());
        }
        try {
            DynamoClients.get(settings.withMaxAttempts(3)).scan(probe.build());
            return Optional.empty();
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
                return Optional.of(e.awsErrorDetails().errorMessage());
            }
            throw e;
        }
    }

    /** What the last page of any segment of this scanner cost: the first estimate for the next segment. */
    private volatile double lastPageUnits = INITIAL_PAGE_ESTIMATE;

    public SegmentScanner(DynamoDbClient client, Limiter limiter) {
        this(client, limiter, RetryPolicy.DEFAULT);
    }

    public SegmentScanner(DynamoDbClient client, Limiter limiter, RetryPolicy policy) {
        this.client = client;
        this.limiter = limiter;
        this.policy = policy;
    }

    public SegmentResult scan(ScanSpec spec, int segment, PageConsumer consumer) throws InterruptedException {
        Map<String, AttributeValue> startKey = null;
        long count = 0;
        long scanned = 0;
        double consumed = 0;
        int pages = 0;
        // At a low rate a page is kept to a fifth of a second of budget (DynamoDB's Limit counts
        // items, so the cost per item of the last page sets the next Limit); at 640 units/s and
        // up a full 1 MB page fits and pages are not limited.
        double maxUnits = limiter.maxUnitsPerRequest();
        Integer pageLimit = maxUnits < INITIAL_PAGE_ESTIMATE ? FIRST_LIMITED_PAGE_ITEMS : null;
        // A new segment's first page likely costs what the last page of any segment did; 128 (a full
        // page) only before the first one. Estimates far above the truth hold units back until settled.
        double estimate = Math.min(lastPageUnits, maxUnits);
        do {
            Page response = fetch(spec, segment, startKey, estimate, pageLimit);
            double pageUnits = response.consumedCapacity() == null || response.consumedCapacity().capacityUnits() == null
                    ? estimate
                    : response.consumedCapacity().capacityUnits();
            limiter.settle(estimate, pageUnits);
            // The next page of this segment most likely costs what this one did.
            estimate = Math.max(pageUnits, 0.5);
            lastPageUnits = estimate;
            if (pageLimit != null && response.scannedCount() > 0) {
                double unitsPerItem = Math.max(pageUnits, 0.5) / response.scannedCount();
                pageLimit = (int) Math.max(1, Math.min(MAX_LIMITED_PAGE_ITEMS, Math.floor(maxUnits / unitsPerItem)));
            }
            consumed += pageUnits;
            pages++;
            count += response.count();
            scanned += response.scannedCount();
            startKey = response.lastEvaluatedKey() != null && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
            boolean more = consumer.accept(response.count(), response.scannedCount(), response.items());
            if (!more) {
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("scan of segment " + segment + " interrupted");
            }
        } while (startKey != null);
        return new SegmentResult(segment, count, scanned, consumed, pages);
    }

    /** What Scan and Query pages have in common. */
    private record Page(int count, int scannedCount, List<Map<String, AttributeValue>> items,
            Map<String, AttributeValue> lastEvaluatedKey, ConsumedCapacity consumedCapacity) {
        static Page of(ScanResponse response) {
            return new Page(response.count(), response.scannedCount(), response.hasItems() ? response.items() : List.of(),
                    response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null, response.consumedCapacity());
        }

        static Page of(QueryResponse response) {
            return new Page(response.count(), response.scannedCount(), response.hasItems() ? response.items() : List.of(),
                    response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null, response.consumedCapacity());
        }
    }

    /**
     * One page, retried on throttles, 5xx and network errors that outlived the SDK's own retries:
     * the limiter is told to slow down and the same page is asked for again after a jittered
     * backoff, within the retry policy's attempts and time budget.
     */
    private Page fetch(ScanSpec spec, int segment, Map<String, AttributeValue> startKey, double estimate, Integer pageLimit)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + policy.budgetMillis();
        int attempt = 0;
        int throttles = 0;
        while (true) {
            // Items are known after the page only: charged then, against an items-per-second cap if the job has one.
            Limiter.Slot slot = limiter.start(estimate, 0, Long.MAX_VALUE);
            try (slot) {
                Page page = spec.isQuery() ? Page.of(client.query(query(spec, startKey, pageLimit)))
                        : Page.of(client.scan(request(spec, segment, startKey, pageLimit)));
                limiter.chargeItems(page.scannedCount());
                return page;
            } catch (SdkException e) {
                limiter.settle(estimate, 0);
                // A throttle is the budget's to answer (it slows the whole job down): only the deadline
                // bounds how long a page waits through them; other errors also count against the attempts.
                boolean throttle = RetryPolicy.isThrottle(e);
                if (throttle) {
                    throttles++;
                    limiter.penalize();
                } else {
                    attempt++;
                }
                if (!RetryPolicy.isRetryable(e) || attempt >= policy.maxAttempts() || System.currentTimeMillis() >= deadline) {
                    throw e;
                }
                Thread.sleep(Math.max(1, (long) (ThreadLocalRandom.current().nextDouble() * policy.ceilingMillis(attempt + throttles))));
            }
        }
    }

    // The SDK's builders take null for "not set", so each request is one chain; the expression maps
    // must be left out rather than sent empty (DynamoDB rejects empty maps).

    static ScanRequest request(ScanSpec spec, int segment, Map<String, AttributeValue> startKey, Integer pageLimit) {
        boolean parallel = spec.totalSegments() > 1;
        return ScanRequest.builder()
                .tableName(spec.table().apiName())
                .indexName(spec.indexName())
                .segment(parallel ? segment : null)
                .totalSegments(parallel ? spec.totalSegments() : null)
                .select(spec.countOnly() ? Select.COUNT : null)
                .filterExpression(spec.filterExpression())
                .projectionExpression(spec.projectionExpression())
                .expressionAttributeNames(nonEmpty(spec.expressionNames()))
                .expressionAttributeValues(nonEmpty(spec.expressionValues()))
                .consistentRead(spec.consistentRead())
                .exclusiveStartKey(startKey)
                .limit(pageLimit)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build();
    }

    static QueryRequest query(ScanSpec spec, Map<String, AttributeValue> startKey, Integer pageLimit) {
        return QueryRequest.builder()
                .tableName(spec.table().apiName())
                .indexName(spec.indexName())
                .keyConditionExpression(spec.keyCondition())
                .select(spec.countOnly() ? Select.COUNT : null)
                .filterExpression(spec.filterExpression())
                .projectionExpression(spec.projectionExpression())
                .expressionAttributeNames(nonEmpty(spec.expressionNames()))
                .expressionAttributeValues(nonEmpty(spec.expressionValues()))
                .consistentRead(spec.consistentRead())
                .exclusiveStartKey(startKey)
                .limit(pageLimit)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build();
    }

    private static <V> Map<String, V> nonEmpty(Map<String, V> map) {
        return map == null || map.isEmpty() ? null : map;
    }
}
