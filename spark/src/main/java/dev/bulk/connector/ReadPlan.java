package dev.bulk.connector;

import dev.bulk.dynamo.ScanSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Everything the readers need, decided on the driver and shipped as plain data: the DynamoDB
 * request (a parallel Scan, or a Query when the key is pinned), what to do with the items (count
 * them, or turn them into rows of {@code rowSchema}), and the per-task limit or top-n.
 *
 * @param keyCondition a Query's KeyConditionExpression, or null for a Scan
 * @param rowSchema    the rows readers produce (the pruned schema, or the count column)
 * @param limit        rows per task at most, or -1
 * @param topN         sort order kept per task (with {@code limit} as n), or empty
 * @param readBudget   the job's read budget (units per second for the whole job)
 */
record ReadPlan(ReadOptions options, int totalSegments, String keyCondition, String filterExpression,
        String projectionExpression, Map<String, String> names, Map<String, AttributeValue> values, boolean countOnly,
        StructType rowSchema, int limit, List<SortKey> topN, dev.bulk.dynamo.Budget readBudget) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One sort column of a pushed top-n: its path in the row schema and direction. */
    record SortKey(List<String> path, boolean ascending, boolean nullsFirst) implements Serializable {
        private static final long serialVersionUID = 1L;

        SortKey {
            path = List.copyOf(path);
        }
    }

    ReadPlan {
        Objects.requireNonNull(options, "options is null");
        Objects.requireNonNull(rowSchema, "rowSchema is null");
        Objects.requireNonNull(readBudget, "readBudget is null");
        names = names == null ? Map.of() : new LinkedHashMap<>(names);
        values = new dev.bulk.dynamo.ExactAttributeMap(values == null ? Map.of() : values);
        topN = topN == null ? List.of() : new ArrayList<>(topN);
    }

    boolean isQuery() {
        return keyCondition != null;
    }

    /** The request as the shared scanner takes it. */
    ScanSpec spec() {
        return new ScanSpec(options.table(), options.index(), isQuery() ? 1 : totalSegments, countOnly, filterExpression,
                projectionExpression, names, values, options.consistentRead()).withKeyCondition(keyCondition);
    }
}
