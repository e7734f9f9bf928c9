package dev.bulk.dynamo;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One parallel scan (or, with a key condition, one Query), as plain data shipped to the tasks:
 * which table/index, how many segments, and the optional DynamoDB expressions. Values are kept
 * as exact AttributeValues.
 *
 * @param keyCondition a Query's KeyConditionExpression, or null for a Scan
 */
public record ScanSpec(TableRef table, String indexName, int totalSegments, boolean countOnly, String filterExpression,
        String projectionExpression, Map<String, String> expressionNames, Map<String, AttributeValue> expressionValues,
        boolean consistentRead, String keyCondition) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ScanSpec {
        Objects.requireNonNull(table, "table is null");
        if (totalSegments < SegmentPlanner.MIN_SEGMENTS || totalSegments > SegmentPlanner.MAX_SEGMENTS) {
            throw new IllegalArgumentException("totalSegments out of range: " + totalSegments);
        }
        expressionNames = expressionNames == null ? null : new LinkedHashMap<>(expressionNames);
        expressionValues = expressionValues == null ? null : new ExactAttributeMap(expressionValues);
        if (keyCondition != null && totalSegments != 1) {
            throw new IllegalArgumentException("a Query has one segment, got " + totalSegments);
        }
    }

    public ScanSpec(TableRef table, String indexName, int totalSegments, boolean countOnly, String filterExpression,
            String projectionExpression, Map<String, String> expressionNames, Map<String, AttributeValue> expressionValues,
            boolean consistentRead) {
        this(table, indexName, totalSegments, countOnly, filterExpression, projectionExpression, expressionNames,
                expressionValues, consistentRead, null);
    }

    public boolean isQuery() {
        return keyCondition != null;
    }

    public ScanSpec withKeyCondition(String condition) {
        return new ScanSpec(table, indexName, condition == null ? totalSegments : 1, countOnly, filterExpression,
                projectionExpression, expressionNames, expressionValues, consistentRead, condition);
    }

    public static ScanSpec count(TableRef table, String indexName, int totalSegments) {
        return new ScanSpec(table, indexName, totalSegments, true, null, null, null, null, false);
    }

    public ScanSpec withFilter(String filter, Map<String, String> names, Map<String, AttributeValue> values) {
        return new ScanSpec(table, indexName, totalSegments, countOnly, filter, projectionExpression, names, values,
                consistentRead, keyCondition);
    }

    public ScanSpec withConsistentRead(boolean consistent) {
        return new ScanSpec(table, indexName, totalSegments, countOnly, filterExpression, projectionExpression,
                expressionNames, expressionValues, consistent, keyCondition);
    }
}
