package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.connector.Catalyst;
import dev.bulk.connector.TypeMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.BinaryComparison;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.expressions.UnaryMinus;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Number columns that no Spark number type holds exactly (38-digit integers beside fractions)
 * are read as DynamoDB's exact number text. Spark would compare such a string with a number
 * literal as two doubles, so a --where comparison of the column with a number literal is
 * rewritten to compare the two as BigDecimals: {@code sk = 1234…} becomes
 * {@code bulk_number_compare(sk, '1234…') = 0}, true exactly when the numbers are equal (an IN
 * list becomes one such equality per member). These comparisons stay in Spark: the DynamoDB scan
 * returns every item and Spark decides, exactly.
 */
final class ExactNumbers {
    static final String COMPARE = "bulk_number_compare";

    private ExactNumbers() {
    }

    /** The columns of {@code schema} that hold exact number text, lower-cased (Spark resolves names case-insensitively). */
    static Set<String> columns(StructType schema) {
        Set<String> names = new HashSet<>();
        for (StructField field : schema.fields()) {
            if ("N".equals(TypeMapping.pinnedType(field)) && field.dataType() instanceof StringType) {
                names.add(field.name().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** {@code condition} with each comparison of an exact-text number column and a number literal made exact. */
    static Expression rewrite(SparkSession spark, Expression condition, StructType schema) {
        Set<String> exact = columns(schema);
        if (exact.isEmpty()) {
            return condition;
        }
        spark.udf().register(COMPARE, (UDF2<String, String, Integer>) ExactNumbers::compare, DataTypes.IntegerType);
        return rewrite(condition, exact);
    }

    private static Expression rewrite(Expression expression, Set<String> exact) {
        if (expression instanceof BinaryComparison comparison) {
            Expression left = comparison.left();
            Expression right = comparison.right();
            boolean leftExact = isExactColumn(left, exact);
            if (leftExact != isExactColumn(right, exact)) {
                String number = number(leftExact ? right : left);
                if (number != null) {
                    Expression literal = literal(number);
                    Expression compared = leftExact ? compared(left, literal) : compared(literal, right);
                    return Catalyst.withChildren(comparison, List.of(compared, literal(0)));
                }
            }
        }
        if (expression instanceof In in && isExactColumn(in.value(), exact)) {
            Expression any = null;
            for (Expression member : scala.collection.JavaConverters.seqAsJavaList(in.list())) {
                String number = number(member);
                if (number == null) {
                    return expression;
                }
                Expression equal = new EqualTo(compared(in.value(), literal(number)), literal(0));
                any = any == null ? equal : new Or(any, equal);
            }
            return any == null ? expression : any;
        }
        List<Expression> children = new ArrayList<>();
        scala.collection.Iterator<Expression> iterator = expression.children().iterator();
        boolean changed = false;
        while (iterator.hasNext()) {
            Expression child = iterator.next();
            Expression rewritten = rewrite(child, exact);
            changed |= rewritten != child;
            children.add(rewritten);
        }
        return changed ? Catalyst.withChildren(expression, children) : expression;
    }

    private static Expression compared(Expression a, Expression b) {
        return Catalyst.expression(functions.call_udf(COMPARE, Catalyst.column(a), Catalyst.column(b)));
    }

    private static boolean isExactColumn(Expression expression, Set<String> exact) {
        if (!(expression instanceof UnresolvedAttribute attribute)) {
            return false;
        }
        List<String> parts = scala.collection.JavaConverters.seqAsJavaList(attribute.nameParts());
        return parts.size() == 1 && exact.contains(parts.get(0).toLowerCase(Locale.ROOT));
    }

    /**
     * A number literal's exact digits (a double literal as the shortest text that reads back as
     * it; a quoted number as its digits), or null for anything that is not a literal.
     */
    private static String number(Expression expression) {
        if (expression instanceof UnaryMinus minus) {
            String inner = number(minus.child());
            return inner == null ? null : new BigDecimal(inner).negate().toPlainString();
        }
        if (!(expression instanceof Literal literal) || literal.value() == null) {
            return null;
        }
        Object value = literal.value();
        if (value instanceof UTF8String string) {
            // As on any number column, a quoted number compares as that number; anything else matches nothing.
            try {
                return new BigDecimal(string.toString().strip()).toPlainString();
            } catch (NumberFormatException e) {
                throw BulkException.usage("--where: " + literal.sql() + " is not a number, and the number column it is "
                        + "compared with would match nothing; write a number there");
            }
        }
        if (value instanceof Decimal decimal) {
            return decimal.toJavaBigDecimal().toPlainString();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw BulkException.usage("--where: " + literal.sql() + " is not a number DynamoDB can hold");
            }
            return BigDecimal.valueOf(number).toPlainString();
        }
        return null;
    }

    /** Numeric order of two DynamoDB number texts (null when either is missing): exact at any number of digits. */
    static Integer compare(String a, String b) {
        if (a == null || b == null) {
            return null;
        }
        return new BigDecimal(a).compareTo(new BigDecimal(b));
    }

    private static Expression literal(Object value) {
        return Catalyst.expression(functions.lit(value));
    }
}
