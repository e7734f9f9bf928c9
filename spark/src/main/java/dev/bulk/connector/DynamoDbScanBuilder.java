package dev.bulk.connector;

import dev.bulk.dynamo.TableInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownTopN;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what Spark offers to push down, step by step (it is the one mutable piece), and builds
 * an immutable {@link DynamoDbScan}. Every pushdown can be switched off and every refusal is
 * logged with its reason; what is reported as pushed really went to DynamoDB.
 */
final class DynamoDbScanBuilder implements ScanBuilder, SupportsPushDownV2Filters, SupportsPushDownRequiredColumns,
        SupportsPushDownLimit, SupportsPushDownTopN, SupportsPushDownAggregates {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbScanBuilder.class);
    static final String COUNT_COLUMN = "count";

    private final ReadOptions options;
    private final TableInfo table;
    private final List<String> keys;
    private final Map<String, String> keyTypes;
    private final StructType schema;
    private final ExpressionNames placeholders = new ExpressionNames();
    private final List<String> notes = new ArrayList<>();

    private Predicate[] pushed = new Predicate[0];
    private final List<Predicate> leftToSpark = new ArrayList<>();
    private String filterExpression;
    private String keyCondition;
    private StructType required;
    private boolean countOnly;
    private int limit = -1;
    private List<ReadPlan.SortKey> topN = List.of();

    DynamoDbScanBuilder(ReadOptions options, TableInfo table, List<String> keys, Map<String, String> keyTypes,
            StructType schema) {
        this.options = options;
        this.table = table;
        this.keys = List.copyOf(keys);
        this.keyTypes = Map.copyOf(keyTypes);
        this.schema = schema;
        // The exact item is a metadata column: read only when Spark's pruning asks for it by name.
        this.required = DynamoDbTable.withoutItemColumn(schema);
    }

    @Override
    public Predicate[] pushPredicates(Predicate[] predicates) {
        List<Predicate> remaining = new ArrayList<>(Arrays.asList(predicates));
        List<Predicate> pushedNow = new ArrayList<>();
        List<Predicate> postScan = new ArrayList<>();
        if (options.pushdown().query()) {
            KeyConditionPlanner.KeyCondition condition = KeyConditionPlanner.plan(remaining, keys, keyTypes, schema, placeholders);
            if (condition != null) {
                keyCondition = condition.expression();
                pushedNow.addAll(condition.consumed());
                postScan.addAll(condition.recheck());
                remaining.removeAll(condition.consumed());
                // A Query's filter may not name a key attribute: those predicates stay in Spark.
                for (Predicate predicate : new ArrayList<>(remaining)) {
                    if (keys.stream().anyMatch(key -> KeyConditionPlanner.mentions(predicate, key))) {
                        refuse(predicate, "a Query's filter cannot use key attributes");
                        postScan.add(predicate);
                        remaining.remove(predicate);
                    }
                }
            }
        } else {
            note("Query pushdown is off (" + ReadOptions.PUSHDOWN_QUERY + "=false)");
        }
        List<String> conditions = new ArrayList<>();
        FilterTranslator translator = new FilterTranslator(schema, placeholders);
        for (Predicate predicate : remaining) {
            if (!options.pushdown().filters()) {
                postScan.add(predicate);
                continue;
            }
            FilterTranslator.Condition condition = translator.translate(predicate).whenTrue();
            if (!condition.known()) {
                postScan.add(predicate);
                continue;
            }
            conditions.add(condition.expression());
            pushedNow.add(predicate);
            if (!condition.exact()) {
                postScan.add(predicate);
            }
        }
        if (!options.pushdown().filters() && !remaining.isEmpty()) {
            note("filter pushdown is off (" + ReadOptions.PUSHDOWN_FILTERS + "=false): all conditions are evaluated by Spark");
        }
        translator.reasons().forEach(reason -> note("left to Spark: " + reason));
        filterExpression = conditions.isEmpty() ? null
                : conditions.size() == 1 ? conditions.get(0) : "(" + String.join(") AND (", conditions) + ")";
        pushed = pushedNow.toArray(new Predicate[0]);
        leftToSpark.clear();
        leftToSpark.addAll(postScan);
        return postScan.toArray(new Predicate[0]);
    }

    @Override
    public Predicate[] pushedPredicates() {
        return pushed.clone();
    }

    @Override
    public boolean pushAggregation(Aggregation aggregation) {
        if (!options.pushdown().count()) {
            note("count pushdown is off (" + ReadOptions.PUSHDOWN_COUNT + "=false)");
            return false;
        }
        if (aggregation.groupByExpressions().length > 0) {
            note("aggregate not pushed: DynamoDB cannot group");
            return false;
        }
        for (AggregateFunc function : aggregation.aggregateExpressions()) {
            if (!(function instanceof CountStar)) {
                note("aggregate not pushed: DynamoDB only counts (" + function + ")");
                return false;
            }
        }
        countOnly = true;
        StructField[] fields = new StructField[aggregation.aggregateExpressions().length];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = DataTypes.createStructField(COUNT_COLUMN + i, DataTypes.LongType, false);
        }
        required = new StructType(fields);
        return true;
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        if (!countOnly) {
            required = requiredSchema;
        }
    }

    @Override
    public boolean pushLimit(int limit) {
        if (!options.pushdown().limit()) {
            note("limit pushdown is off (" + ReadOptions.PUSHDOWN_LIMIT + "=false)");
            return false;
        }
        this.limit = limit;
        return true;
    }

    /** Each task stops (or keeps its top n) on its own; Spark still applies the global limit. */
    @Override
    public boolean isPartiallyPushed() {
        return true;
    }

    @Override
    public boolean pushTopN(SortOrder[] orders, int limit) {
        if (!options.pushdown().topN()) {
            note("top-n pushdown is off (" + ReadOptions.PUSHDOWN_TOPN + "=false)");
            return false;
        }
        List<ReadPlan.SortKey> sortKeys = new ArrayList<>();
        for (SortOrder order : orders) {
            if (!(order.expression() instanceof NamedReference reference) || !orderable(reference)) {
                note("top-n not pushed: cannot order by " + order.expression() + " in the reader");
                return false;
            }
            sortKeys.add(new ReadPlan.SortKey(Arrays.asList(reference.fieldNames()), order.direction() == SortDirection.ASCENDING,
                    order.nullOrdering() == NullOrdering.NULLS_FIRST));
        }
        this.topN = sortKeys;
        this.limit = limit;
        return true;
    }

    private boolean orderable(NamedReference reference) {
        DataType type = schema;
        for (String part : reference.fieldNames()) {
            if (!(type instanceof StructType struct) || struct.getFieldIndex(part).isEmpty()) {
                return false;
            }
            type = struct.apply(part).dataType();
        }
        return type instanceof StringType || type instanceof LongType || type instanceof IntegerType
                || type instanceof DecimalType || type instanceof DoubleType || type instanceof BooleanType
                || type instanceof BinaryType;
    }

    @Override
    public Scan build() {
        String projection = null;
        if (!countOnly && options.pushdown().projection()) {
            projection = projection();
        }
        return new DynamoDbScan(options, table, keyCondition, filterExpression, projection, placeholders, countOnly, required,
                limit, topN, List.copyOf(leftToSpark), List.of(pushed), List.copyOf(notes));
    }

    /**
     * The attributes the rows need; none needed (a count Spark does itself) still asks for the
     * key attributes, the smallest thing DynamoDB can return per item. The exact item needs all.
     */
    private String projection() {
        List<String> attributes = new ArrayList<>();
        for (StructField field : required.fields()) {
            if (field.name().equals(TypeMapping.ITEM_COLUMN)) {
                return null;
            }
            attributes.add(field.name());
        }
        if (attributes.isEmpty()) {
            attributes.addAll(keys);
        }
        List<String> paths = new ArrayList<>();
        for (String attribute : attributes) {
            paths.add(placeholders.name(attribute));
        }
        return String.join(", ", paths);
    }

    private void refuse(Predicate predicate, String reason) {
        note("left to Spark: " + predicate + ": " + reason);
    }

    private void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
            LOG.info("{}: {}", table.tableName(), note);
        }
    }
}
