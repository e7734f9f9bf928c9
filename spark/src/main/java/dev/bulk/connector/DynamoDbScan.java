package dev.bulk.connector;

import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.DynamoJson;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.SegmentPlanner;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.Throughput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One planned read: the DynamoDB calls it will make (see {@link #explain()}) and its partitions —
 * the scan's segments, shuffled, a few per task (or one partition for a Query).
 */
public final class DynamoDbScan implements Scan, Batch {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbScan.class);
    private static final int SEGMENTS_PER_PARTITION = 8;
    private static final int MAX_PARTITIONS = 20_000;

    private final ReadOptions options;
    private final TableInfo table;
    private final String keyCondition;
    private final String filterExpression;
    private final String projectionExpression;
    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Map<String, String> filterNames;
    private final Map<String, AttributeValue> filterValues;
    private final boolean countOnly;
    private final StructType rowSchema;
    private final int limit;
    private final List<ReadPlan.SortKey> topN;
    private final List<Predicate> leftToSpark;
    private final List<Predicate> pushed;
    private final List<String> notes;
    private final ReadMetrics metrics;
    private ReadPlan plan;
    private InputPartition[] partitions;

    DynamoDbScan(ReadOptions options, TableInfo table, String keyCondition, String filterExpression, String projectionExpression,
            ExpressionNames placeholders, boolean countOnly, StructType rowSchema, int limit, List<ReadPlan.SortKey> topN,
            List<Predicate> leftToSpark, List<Predicate> pushed, List<String> notes) {
        this.options = options;
        this.table = table;
        this.keyCondition = keyCondition;
        this.filterExpression = filterExpression;
        this.projectionExpression = projectionExpression;
        this.names = placeholders.namesUsedIn(keyCondition, filterExpression, projectionExpression);
        this.values = placeholders.valuesUsedIn(keyCondition, filterExpression);
        this.filterNames = placeholders.namesUsedIn(filterExpression);
        this.filterValues = placeholders.valuesUsedIn(filterExpression);
        this.countOnly = countOnly;
        this.rowSchema = rowSchema;
        this.limit = limit;
        this.topN = topN;
        this.leftToSpark = leftToSpark;
        this.pushed = pushed;
        this.notes = notes;
        this.metrics = ReadMetrics.register(SparkSession.active(), options.progressKey());
    }

    @Override
    public StructType readSchema() {
        return rowSchema;
    }

    @Override
    public String description() {
        return "DynamoDB " + (keyCondition != null ? "Query" : "Scan") + " of " + target() + " [" + String.join("; ", calls())
                + "]";
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public synchronized InputPartition[] planInputPartitions() {
        if (partitions != null) {
            return partitions;
        }
        ReadPlan readPlan = plan();
        if (readPlan.isQuery()) {
            partitions = new InputPartition[] {new DynamoDbInputPartition(new int[] {0})};
            return partitions;
        }
        List<Integer> segments = SegmentPlanner.shuffled(readPlan.totalSegments(), ThreadLocalRandom.current().nextLong());
        int slots = SparkSession.active().sparkContext().defaultParallelism();
        int count = Math.max(1, Math.min(segments.size(), Math.min(MAX_PARTITIONS,
                Math.max(slots, segments.size() / SEGMENTS_PER_PARTITION))));
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < segments.size(); i++) {
            groups.get(i % count).add(segments.get(i));
        }
        partitions = new InputPartition[count];
        for (int i = 0; i < count; i++) {
            partitions[i] = new DynamoDbInputPartition(groups.get(i).stream().mapToInt(Integer::intValue).toArray());
        }
        return partitions;
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new DynamoDbReaderFactory(plan(), metrics.accumulators());
    }

    /** The plan the readers get; the segment count and the per-executor budget are fixed when first asked. */
    public synchronized ReadPlan plan() {
        if (plan == null) {
            SparkSession spark = SparkSession.active();
            int segments = options.segments() > 0 ? options.segments()
                    : SegmentPlanner.plan(table.sizeBytes(), table.itemCount(),
                            spark.sparkContext().isLocal() ? Runtime.getRuntime().availableProcessors()
                                    : spark.sparkContext().defaultParallelism());
            Budget budget = JobHooks.of(options.progressKey()).budget(spark,
                    "read:" + options.table().apiName() + "@" + options.client().describe(), readRate());
            plan = new ReadPlan(options, keyCondition != null ? 1 : segments, keyCondition, filterExpression,
                    projectionExpression, names, values, countOnly, rowSchema, limit, topN, budget);
        }
        return plan;
    }

    /**
     * The option's rate, else the one the CLI would use (never unlimited: a plain Spark program must
     * not take the table's whole capacity by default), logged with where it came from.
     */
    private double readRate() {
        if (options.readRate() > 0) {
            return options.readRate();
        }
        Throughput rate = Throughput.resolve(Throughput.Mode.READ, null, table, new DynamoSession(options.client()).tableLimits());
        LOG.info("{}: {}", table.tableName(), rate.describe(Throughput.Mode.READ));
        return rate.rate();
    }

    public ReadMetrics metrics() {
        return metrics;
    }

    public boolean isQuery() {
        return keyCondition != null;
    }

    /**
     * This scan's filter as a condition on one item, for re-checking a match when it is written
     * (e.g. an update's ConditionExpression), with its placeholders ({@code #n…}, {@code :v…}).
     *
     * @param expression the pushed FilterExpression, null when nothing was pushed
     * @param notChecked the predicates DynamoDB cannot evaluate that name attributes other than the
     *        key (an item's key never changes, so predicates on it hold at write time as they did)
     * @param sparkChecked how many of the predicates Spark was offered it evaluates after the scan
     *        (those not pushed and those pushed as a superset) that name attributes other than the key
     */
    public record ItemCondition(String expression, Map<String, String> names, Map<String, AttributeValue> values,
            List<String> notChecked, int sparkChecked) {
    }

    public ItemCondition itemCondition(List<String> keyAttributes) {
        List<String> notChecked = new ArrayList<>();
        int sparkChecked = 0;
        for (Predicate predicate : leftToSpark) {
            boolean onKeysOnly = Arrays.stream(predicate.references())
                    .allMatch(reference -> reference.fieldNames().length == 1 && keyAttributes.contains(reference.fieldNames()[0]));
            sparkChecked += onKeysOnly ? 0 : 1;
            if (!pushed.contains(predicate) && !onKeysOnly) {
                notChecked.add(predicate.toString());
            }
        }
        if (filterExpression == null) {
            return new ItemCondition(null, Map.of(), Map.of(), notChecked, sparkChecked);
        }
        return new ItemCondition(filterExpression, filterNames, filterValues, notChecked, sparkChecked);
    }

    /** The DynamoDB calls this scan makes, one fact per line, for --explain. */
    public List<String> explain() {
        List<String> lines = new ArrayList<>();
        ReadPlan readPlan = plan();
        if (readPlan.isQuery()) {
            lines.add("Query " + target() + " (one partition key: no parallel segments)");
        } else {
            lines.add("Scan " + target() + " in " + String.format("%,d", readPlan.totalSegments()) + " parallel segments");
        }
        lines.addAll(calls());
        if (!leftToSpark.isEmpty()) {
            List<String> predicates = new ArrayList<>();
            leftToSpark.forEach(predicate -> predicates.add(predicate.toString()));
            lines.add("Evaluated by Spark after reading: " + String.join(" AND ", predicates));
        }
        notes.forEach(note -> lines.add("note: " + note));
        return lines;
    }

    private List<String> calls() {
        List<String> lines = new ArrayList<>();
        if (keyCondition != null) {
            lines.add("KeyConditionExpression: " + keyCondition);
        }
        lines.add(countOnly ? "Select: COUNT (DynamoDB counts; no items are returned)"
                : "ProjectionExpression: " + (projectionExpression == null ? "(all attributes)" : projectionExpression));
        if (filterExpression != null) {
            lines.add("FilterExpression: " + filterExpression);
        }
        if (!names.isEmpty()) {
            lines.add("ExpressionAttributeNames: " + AttributeValues.toJsonText(
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.pojoNode(names)));
        }
        if (!values.isEmpty()) {
            lines.add("ExpressionAttributeValues: " + AttributeValues.toJsonText(DynamoJson.item(values)));
        }
        if (limit >= 0) {
            lines.add(topN.isEmpty() ? "Stops each task after " + limit + " rows (LIMIT)"
                    : "Keeps the top " + limit + " rows per task by " + describe(topN) + " (ORDER BY … LIMIT)");
        }
        if (options.consistentRead()) {
            lines.add("ConsistentRead: true");
        }
        return lines;
    }

    private static String describe(List<ReadPlan.SortKey> keys) {
        List<String> parts = new ArrayList<>();
        for (ReadPlan.SortKey key : keys) {
            parts.add(String.join(".", key.path()) + (key.ascending() ? " asc" : " desc"));
        }
        return String.join(", ", parts);
    }

    private String target() {
        return "table '" + table.tableName() + "'" + (options.index() == null ? "" : " index '" + options.index() + "'");
    }
}
