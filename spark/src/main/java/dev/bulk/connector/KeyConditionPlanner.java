package dev.bulk.connector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a pinned partition key ({@code pk = 'x'}) plus at most one sort-key condition into a
 * Query's KeyConditionExpression. A Query's FilterExpression may not name key attributes, so every
 * other predicate that touches a key stays in Spark.
 */
final class KeyConditionPlanner {
    /** The chosen key condition and which predicates it consumed (and whether each is exact). */
    record KeyCondition(String expression, List<Predicate> consumed, List<Predicate> recheck) {
    }

    private static final Set<String> RANGE = Set.of("=", "<", "<=", ">", ">=");

    private KeyConditionPlanner() {
    }

    /**
     * @param keys the read target's key attributes (partition first) with their DynamoDB types
     * @return the key condition, or null when the partition key is not pinned by an equality
     */
    static KeyCondition plan(List<Predicate> predicates, List<String> keys, Map<String, String> keyTypes, StructType schema,
            ExpressionNames placeholders) {
        String partitionKey = keys.get(0);
        String sortKey = keys.size() > 1 ? keys.get(1) : null;
        Predicate pinned = null;
        AttributeValue pinnedValue = null;
        for (Predicate predicate : predicates) {
            AttributeValue value = keyLiteral(predicate, "=", partitionKey, keyTypes.get(partitionKey), schema);
            if (value != null) {
                pinned = predicate;
                pinnedValue = value;
                break;
            }
        }
        if (pinned == null) {
            return null;
        }
        List<Predicate> consumed = new ArrayList<>(List.of(pinned));
        List<Predicate> recheck = new ArrayList<>();
        String expression = placeholders.name(partitionKey) + " = " + placeholders.value(pinnedValue);
        if (sortKey != null) {
            String sortCondition = sortCondition(predicates, sortKey, keyTypes.get(sortKey), schema, placeholders, consumed,
                    recheck);
            if (sortCondition != null) {
                expression += " AND " + sortCondition;
            }
        }
        return new KeyCondition(expression, consumed, recheck);
    }

    private static String sortCondition(List<Predicate> predicates, String sortKey, String type, StructType schema,
            ExpressionNames placeholders, List<Predicate> consumed, List<Predicate> recheck) {
        String name = placeholders.name(sortKey);
        Predicate lower = null;
        AttributeValue lowerValue = null;
        Predicate upper = null;
        AttributeValue upperValue = null;
        for (Predicate predicate : predicates) {
            if (consumed.contains(predicate)) {
                continue;
            }
            for (String op : RANGE) {
                AttributeValue value = keyLiteral(predicate, op, sortKey, type, schema);
                if (value == null) {
                    continue;
                }
                if ("=".equals(op)) {
                    consumed.add(predicate);
                    return name + " = " + placeholders.value(value);
                }
                if (op.startsWith(">") && lower == null && ">=".equals(op)) {
                    lower = predicate;
                    lowerValue = value;
                } else if (op.startsWith("<") && upper == null && "<=".equals(op)) {
                    upper = predicate;
                    upperValue = value;
                } else if (lower == null && upper == null) {
                    // a strict bound on its own
                    consumed.add(predicate);
                    if ("N".equals(type)) {
                        recheck.add(predicate);
                    }
                    return name + " " + op + " " + placeholders.value(value);
                }
            }
            if ("S".equals(type) && "STARTS_WITH".equals(predicate.name()) && isColumn(predicate.children()[0], sortKey)
                    && predicate.children()[1] instanceof Literal<?> literal
                    && FilterTranslator.literal(literal, "S", null) != null) {
                consumed.add(predicate);
                return "begins_with(" + name + ", " + placeholders.value(FilterTranslator.literal(literal, "S", null)) + ")";
            }
        }
        if (lower != null && upper != null) {
            consumed.add(lower);
            consumed.add(upper);
            if ("N".equals(type)) {
                recheck.add(lower);
                recheck.add(upper);
            }
            return name + " BETWEEN " + placeholders.value(lowerValue) + " AND " + placeholders.value(upperValue);
        }
        Predicate single = lower != null ? lower : upper;
        if (single != null) {
            consumed.add(single);
            if ("N".equals(type)) {
                recheck.add(single);
            }
            return name + (lower != null ? " >= " + placeholders.value(lowerValue) : " <= " + placeholders.value(upperValue));
        }
        return null;
    }

    /** The literal of {@code key op literal} (either side), typed as DynamoDB compares it, or null. */
    private static AttributeValue keyLiteral(Predicate predicate, String op, String key, String keyType, StructType schema) {
        Expression[] children = predicate.children();
        if (children.length != 2) {
            return null;
        }
        Expression literal;
        if (predicate.name().equals(op) && isColumn(children[0], key) && children[1] instanceof Literal<?>) {
            literal = children[1];
        } else if (predicate.name().equals(FilterTranslator.flip(op)) && isColumn(children[1], key) && children[0] instanceof Literal<?>) {
            literal = children[0];
        } else {
            return null;
        }
        StructField field = schema.getFieldIndex(key).isDefined() ? schema.apply(key) : null;
        if (field == null || !keyType.equals(TypeMapping.pinnedType(field))) {
            return null;
        }
        DataType columnType = field.dataType();
        return FilterTranslator.literal((Literal<?>) literal, keyType, columnType);
    }

    static boolean isColumn(Expression expression, String name) {
        return expression instanceof NamedReference reference && Arrays.equals(reference.fieldNames(), new String[] {name});
    }

    /** Whether a predicate mentions a column anywhere. */
    static boolean mentions(Expression expression, String name) {
        if (isColumn(expression, name)) {
            return true;
        }
        for (Expression child : expression.children()) {
            if (mentions(child, name)) {
                return true;
            }
        }
        return false;
    }
}
