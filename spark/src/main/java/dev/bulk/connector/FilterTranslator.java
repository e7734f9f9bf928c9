package dev.bulk.connector;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Spark predicates → DynamoDB condition expressions. The code that decides whether a predicate
 * can be pushed is the code that renders it.
 *
 * <p>SQL has three truth values, DynamoDB two, so each predicate P is rendered twice: a condition
 * for "P is TRUE" and one for "P is FALSE" (NOT swaps them; AND/OR combine them by De Morgan).
 * Each rendering is either exact (DynamoDB selects exactly the rows Spark would) or a superset
 * (it may select more, never fewer; Spark re-checks). Only columns pinned to one DynamoDB type
 * are pushed: their rows hold NULL for any other type, which DynamoDB's typed comparisons
 * reproduce. Numbers are exact for equality; ranges are supersets, because a number the column
 * cannot hold reads as NULL in Spark. Anything else is left to Spark, with the reason recorded.
 */
final class FilterTranslator {
    /** A DynamoDB condition, or null for "cannot say" (which is the always-true superset). */
    record Condition(String expression, boolean exact) {
        static final Condition UNKNOWN = new Condition(null, false);

        boolean known() {
            return expression != null;
        }
    }

    /** The two renderings of one predicate. */
    record Rendered(Condition whenTrue, Condition whenFalse) {
        static final Rendered UNKNOWN = new Rendered(Condition.UNKNOWN, Condition.UNKNOWN);
    }

    private static final Set<String> COMPARISONS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final int MAX_IN_VALUES = 100;

    private final StructType schema;
    private final ExpressionNames placeholders;
    private final List<String> reasons = new ArrayList<>();

    FilterTranslator(StructType schema, ExpressionNames placeholders) {
        this.schema = schema;
        this.placeholders = placeholders;
    }

    /** Why parts of the last predicates could not be pushed. */
    List<String> reasons() {
        return reasons;
    }

    Rendered translate(Predicate predicate) {
        String name = predicate.name();
        Expression[] children = predicate.children();
        switch (name) {
            case "AND": {
                Rendered left = translate((Predicate) children[0]);
                Rendered right = translate((Predicate) children[1]);
                return new Rendered(and(left.whenTrue(), right.whenTrue()), or(left.whenFalse(), right.whenFalse()));
            }
            case "OR": {
                Rendered left = translate((Predicate) children[0]);
                Rendered right = translate((Predicate) children[1]);
                return new Rendered(or(left.whenTrue(), right.whenTrue()), and(left.whenFalse(), right.whenFalse()));
            }
            case "NOT": {
                Rendered inner = translate((Predicate) children[0]);
                return new Rendered(inner.whenFalse(), inner.whenTrue());
            }
            case "IS_NULL":
            case "IS_NOT_NULL":
                return nullCheck(predicate, name.equals("IS_NULL"));
            case "STARTS_WITH":
            case "CONTAINS":
                return stringFunction(predicate);
            case "IN":
                return in(predicate);
            default:
                if (COMPARISONS.contains(name)) {
                    return comparison(predicate);
                }
                return refuse(predicate, "DynamoDB has no equivalent of " + name);
        }
    }

    static Condition and(Condition left, Condition right) {
        if (!left.known() && !right.known()) {
            return Condition.UNKNOWN;
        }
        if (!left.known()) {
            return new Condition(right.expression(), false);
        }
        if (!right.known()) {
            return new Condition(left.expression(), false);
        }
        return new Condition("(" + left.expression() + ") AND (" + right.expression() + ")", left.exact() && right.exact());
    }

    static Condition or(Condition left, Condition right) {
        if (!left.known() || !right.known()) {
            return Condition.UNKNOWN;
        }
        return new Condition("(" + left.expression() + ") OR (" + right.expression() + ")", left.exact() && right.exact());
    }

    private Rendered comparison(Predicate predicate) {
        String op = predicate.name();
        Expression left = predicate.children()[0];
        Expression right = predicate.children()[1];
        if (left instanceof Literal<?> && right instanceof NamedReference) {
            return comparison(predicate, flip(op), (NamedReference) right, left);
        }
        if (left instanceof NamedReference) {
            return comparison(predicate, op, (NamedReference) left, right);
        }
        return refuse(predicate, "only comparisons of a column with a literal or another column are pushed");
    }

    private Rendered comparison(Predicate predicate, String op, NamedReference column, Expression other) {
        String type = pinned(column);
        if (type == null) {
            return refuse(predicate, "column " + column + " may hold more than one DynamoDB type (or is not a plain S, N, B or BOOL)");
        }
        if (!Set.of("S", "N", "B", "BOOL").contains(type) || "BOOL".equals(type) && !Set.of("=", "<>").contains(op)) {
            return refuse(predicate, "DynamoDB cannot order values of type " + type);
        }
        String path = placeholders.path(Arrays.asList(column.fieldNames()));
        String operand;
        String otherGuard = null;
        if (other instanceof NamedReference otherColumn) {
            if (!type.equals(pinned(otherColumn)) || "BOOL".equals(type)) {
                return refuse(predicate, "columns " + column + " and " + otherColumn + " do not hold the same DynamoDB type");
            }
            operand = placeholders.path(Arrays.asList(otherColumn.fieldNames()));
            otherGuard = typeGuard(operand, type);
        } else {
            AttributeValue value = literal((Literal<?>) other, type, dataType(column));
            if (value == null) {
                return refuse(predicate, "the literal " + other + " is not a value DynamoDB compares like Spark for column " + column);
            }
            operand = placeholders.value(value);
        }
        // Numbers that do not fit their column read as NULL in Spark: DynamoDB's answer is then a superset.
        boolean numeric = "N".equals(type);
        boolean columnPair = otherGuard != null;
        String guard = typeGuard(path, type) + (columnPair ? " AND " + otherGuard : "");
        Condition whenTrue = new Condition(render(op, path, operand, guard), !numeric || "=".equals(op) && !columnPair);
        String negated = negate(op);
        Condition whenFalse = new Condition(render(negated, path, operand, guard), !numeric || "=".equals(negated) && !columnPair);
        return new Rendered(whenTrue, whenFalse);
    }

    /** {@code <>} is true in DynamoDB for a missing attribute or another type; the guard makes it mean what SQL means. */
    private static String render(String op, String path, String operand, String guard) {
        if ("<>".equals(op)) {
            return guard + " AND " + path + " <> " + operand;
        }
        return path + " " + op + " " + operand;
    }

    private Rendered nullCheck(Predicate predicate, boolean isNull) {
        if (!(predicate.children()[0] instanceof NamedReference column)) {
            return refuse(predicate, "only a column can be checked for NULL");
        }
        String type = pinned(column);
        if (type == null) {
            return refuse(predicate, "column " + column + " may hold more than one DynamoDB type");
        }
        String path = placeholders.path(Arrays.asList(column.fieldNames()));
        String present = typeGuard(path, type);
        Condition notNull = new Condition(present, !"N".equals(type));
        // A number the column cannot hold is NULL in Spark but still an N in DynamoDB: no exact IS NULL for numbers.
        Condition nullCondition = "N".equals(type) ? Condition.UNKNOWN
                : new Condition("attribute_not_exists(" + path + ") OR NOT " + present, true);
        return isNull ? new Rendered(nullCondition, notNull) : new Rendered(notNull, nullCondition);
    }

    private Rendered stringFunction(Predicate predicate) {
        Expression[] children = predicate.children();
        if (!(children[0] instanceof NamedReference column) || !(children[1] instanceof Literal<?> literal)) {
            return refuse(predicate, "only column-with-literal forms are pushed");
        }
        if (!"S".equals(pinned(column))) {
            return refuse(predicate, "column " + column + " is not a plain string attribute");
        }
        AttributeValue value = literal(literal, "S", dataType(column));
        if (value == null) {
            return refuse(predicate, "the pattern is not a string literal");
        }
        String path = placeholders.path(Arrays.asList(column.fieldNames()));
        String function = ("STARTS_WITH".equals(predicate.name()) ? "begins_with(" : "contains(") + path + ", "
                + placeholders.value(value) + ")";
        String guard = typeGuard(path, "S");
        return new Rendered(new Condition(guard + " AND " + function, true), new Condition(guard + " AND NOT " + function, true));
    }

    private Rendered in(Predicate predicate) {
        Expression[] children = predicate.children();
        if (!(children[0] instanceof NamedReference column)) {
            return refuse(predicate, "only a column IN (literals) is pushed");
        }
        String type = pinned(column);
        if (!Set.of("S", "N", "B").contains(type == null ? "" : type)) {
            return refuse(predicate, "column " + column + " is not a plain S, N or B attribute");
        }
        if (children.length - 1 > MAX_IN_VALUES) {
            return refuse(predicate, "DynamoDB's IN takes at most " + MAX_IN_VALUES + " values");
        }
        List<String> operands = new ArrayList<>();
        for (int i = 1; i < children.length; i++) {
            AttributeValue value = children[i] instanceof Literal<?> literal ? literal(literal, type, dataType(column)) : null;
            if (value == null) {
                return refuse(predicate, "IN lists with NULL or non-literal values stay in Spark");
            }
            operands.add(placeholders.value(value));
        }
        String path = placeholders.path(Arrays.asList(column.fieldNames()));
        String membership = path + " IN (" + String.join(", ", operands) + ")";
        return new Rendered(new Condition(membership, true),
                new Condition(typeGuard(path, type) + " AND NOT (" + membership + ")", !"N".equals(type)));
    }

    private String typeGuard(String path, String type) {
        return "attribute_type(" + path + ", " + placeholders.value(AttributeValue.fromS(type)) + ")";
    }

    private Rendered refuse(Predicate predicate, String reason) {
        reasons.add(predicate + ": " + reason);
        return Rendered.UNKNOWN;
    }

    /** The DynamoDB type a column path is pinned to, or null when any level of the path is not pinned. */
    String pinned(NamedReference reference) {
        StructField field = field(reference);
        if (field == null) {
            return null;
        }
        return TypeMapping.pinnedType(field);
    }

    private DataType dataType(NamedReference reference) {
        StructField field = field(reference);
        return field == null ? null : field.dataType();
    }

    private StructField field(NamedReference reference) {
        String[] parts = reference.fieldNames();
        StructType current = schema;
        StructField field = null;
        for (int i = 0; i < parts.length; i++) {
            field = find(current, parts[i]);
            if (field == null) {
                return null;
            }
            if (i < parts.length - 1) {
                if (!"M".equals(TypeMapping.pinnedType(field)) || !(field.dataType() instanceof StructType struct)) {
                    return null;
                }
                current = struct;
            }
        }
        return field;
    }

    private static StructField find(StructType struct, String name) {
        for (StructField field : struct.fields()) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        return null;
    }

    /** A Spark literal as the DynamoDB value it equals, or null when the two would not compare alike. */
    static AttributeValue literal(Literal<?> literal, String dynamoType, DataType columnType) {
        Object value = literal.value();
        DataType type = literal.dataType();
        if (value == null) {
            return null;
        }
        switch (dynamoType) {
            case "S":
                return type instanceof StringType ? AttributeValue.fromS(value.toString()) : null;
            case "B":
                return type instanceof BinaryType ? AttributeValue.fromB(SdkBytes.fromByteArray((byte[]) value)) : null;
            case "BOOL":
                return type instanceof BooleanType ? AttributeValue.fromBool((Boolean) value) : null;
            case "N":
                if (!(columnType instanceof LongType || columnType instanceof IntegerType || columnType instanceof DecimalType)) {
                    return null;
                }
                if (type instanceof LongType || type instanceof IntegerType || type instanceof ShortType || type instanceof ByteType) {
                    return AttributeValue.fromN(value.toString());
                }
                if (type instanceof DecimalType) {
                    BigDecimal decimal = ((Decimal) value).toJavaBigDecimal();
                    return AttributeValue.fromN(decimal.toPlainString());
                }
                return null;
            default:
                return null;
        }
    }

    /** The operator with its operands swapped: {@code 5 < x} is {@code x > 5}. */
    static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }

    private static String negate(String op) {
        return switch (op) {
            case "=" -> "<>";
            case "<>" -> "=";
            case "<" -> ">=";
            case "<=" -> ">";
            case ">" -> "<=";
            case ">=" -> "<";
            default -> throw new IllegalArgumentException(op);
        };
    }
}
