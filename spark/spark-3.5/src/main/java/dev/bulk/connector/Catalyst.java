package dev.bulk.connector;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;

/**
 * The Catalyst calls whose form differs between the Spark lines, for code (the CLI's --where and --query
 * checks) that works on Spark's parsed expressions and plans. This is the Spark 3.5 line's: a Column wraps
 * its Expression, and Scala 2.12's tree nodes take any sequence. The Spark 4 line's copy has the same methods.
 */
public final class Catalyst {
    private Catalyst() {
    }

    /** The Column evaluating {@code expression}. */
    public static Column column(Expression expression) {
        return new Column(expression);
    }

    /** The expression a Column built by the DataFrame API stands for. */
    public static Expression expression(Column column) {
        return column.expr();
    }

    /** {@code expression} with {@code children} in place of its own. */
    public static Expression withChildren(Expression expression, List<Expression> children) {
        return expression.withNewChildren(JavaConverters.asScalaBuffer(children).toSeq());
    }

    /** The names a WITH clause defines, as written. */
    public static List<String> cteNames(UnresolvedWith with) {
        List<String> names = new ArrayList<>();
        Iterator<Tuple2<String, SubqueryAlias>> relations = with.cteRelations().iterator();
        while (relations.hasNext()) {
            names.add(relations.next()._1());
        }
        return names;
    }
}
