package dev.bulk.connector;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.classic.ExpressionUtils;
import scala.Option;
import scala.Tuple3;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Catalyst calls whose form differs between the Spark lines, for code (the CLI's --where and --query
 * checks) that works on Spark's parsed expressions and plans. This is the Spark 4 line's: a Column wraps
 * a ColumnNode there, reached from and to an Expression through the classic API's ExpressionUtils, and
 * Scala 2.13's tree nodes take immutable sequences. The Spark 3.5 line's copy has the same methods.
 */
public final class Catalyst {
    private Catalyst() {
    }

    /** The Column evaluating {@code expression}. */
    public static Column column(Expression expression) {
        return ExpressionUtils.column(expression);
    }

    /** The expression a Column built by the DataFrame API stands for. */
    public static Expression expression(Column column) {
        return ExpressionUtils.expression(column);
    }

    /** {@code expression} with {@code children} in place of its own. */
    public static Expression withChildren(Expression expression, List<Expression> children) {
        return expression.withNewChildren(CollectionConverters.asScala(children).toSeq());
    }

    /** The names a WITH clause defines, as written. */
    public static List<String> cteNames(UnresolvedWith with) {
        List<String> names = new ArrayList<>();
        // (name, definition, recursion depth limit) since Spark 4
        Iterator<Tuple3<String, SubqueryAlias, Option<Object>>> relations = with.cteRelations().iterator();
        while (relations.hasNext()) {
            names.add(relations.next()._1());
        }
        return names;
    }
}
