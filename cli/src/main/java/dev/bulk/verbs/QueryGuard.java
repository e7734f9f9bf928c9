package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.connector.Catalyst;
import dev.bulk.connector.TypeMapping;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BinaryComparison;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import scala.collection.Iterator;

/**
 * What sql --query and --where may do: read the table's view (and the query's own WITH names)
 * with Spark's built-in functions, nothing else. Spark's own parser and analyzer decide, not
 * patterns over the text: the parsed plan may hold only query operators (a write, a command, a
 * script TRANSFORM, a table-valued function or a file path such as text.`/a/file` is refused
 * before anything runs), functions that call Java or read files are refused by name, and the
 * analyzed plan is checked once more for reflection and for comparisons that can only be NULL.
 */
public final class QueryGuard {
    /** The parsed-plan operators of a read-only query; anything else (writes, commands, TRANSFORM, TVFs) is refused. */
    private static final Set<String> QUERY_OPERATORS = Set.of("Project", "Filter", "Aggregate", "Sort", "GlobalLimit",
            "LocalLimit", "Offset", "Tail", "Join", "LateralJoin", "Union", "Intersect", "Except", "Distinct", "Deduplicate",
            "SubqueryAlias", "UnresolvedRelation", "UnresolvedSubqueryColumnAliases", "UnresolvedWith", "CTERelationRef",
            "WithCTE", "CTERelationDef", "Window", "WithWindowDefinition", "Generate", "Pivot", "Unpivot", "Sample",
            "RepartitionByExpression", "Repartition", "RebalancePartitions", "UnresolvedHint", "OneRowRelation",
            "LocalRelation", "UnresolvedInlineTable", "UnresolvedHaving", "Subquery", "Expand");

    /**
     * Spark 3.5's functions that reach outside the query: reflect/java_method call any static Java
     * method (System.exit, System.getenv); the XPath family parses XML with a Java parser; the Avro,
     * Protobuf and XML converters and read_files (later Spark versions) can load files. The
     * analyzed plan is checked for the reflection class too, whatever name reached it.
     */
    private static final Set<String> DENIED_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect", "xpath",
            "xpath_boolean", "xpath_double", "xpath_float", "xpath_int", "xpath_long", "xpath_number", "xpath_short",
            "xpath_string", "from_avro", "to_avro", "schema_of_avro", "from_protobuf", "to_protobuf", "from_xml", "to_xml", "schema_of_xml",
            "read_files");

    /** Expression nodes that name a function or a table through a string (IDENTIFIER('...')), unseen by the checks. */
    private static final Set<String> DENIED_EXPRESSIONS = Set.of("ExpressionWithUnresolvedIdentifier", "UnresolvedGenerator");

    private QueryGuard() {
    }

    /** Parses --query and refuses anything but a read-only query; the relations are checked by {@link #relations}. */
    public static LogicalPlan statement(SparkSession spark, String sql) {
        LogicalPlan plan;
        try {
            plan = spark.sessionState().sqlParser().parsePlan(sql);
        } catch (Exception e) {
            throw BulkException.usage("--query: syntax error: " + TableQuery.sparkMessage(e));
        }
        walkPlan(plan, "--query", sql, null);
        return plan;
    }

    /** Every relation --query reads must be one of {@code views} or a name its WITH defines. */
    public static void relations(LogicalPlan plan, String sql, Set<String> views) {
        Set<String> allowed = new HashSet<>();
        views.forEach(view -> allowed.add(view.toLowerCase(Locale.ROOT)));
        collectCteNames(plan, allowed);
        walkPlan(plan, "--query", sql, allowed);
    }

    /** Refuses a --where condition that calls Java, reads files or holds a subquery (a condition sees one item). */
    static void condition(Expression parsed, String where) {
        walkExpression(parsed, "--where", where, null);
    }

    /**
     * The analyzed plan: no reflection under any name, no comparison with a value Spark casts to
     * NULL (it would match nothing, silently), no number column used as a number where its type
     * cannot hold its values exactly.
     */
    public static void analyzed(LogicalPlan plan, String flag, String text) {
        forEachPlan(plan, node -> {
            Iterator<Expression> expressions = node.expressions().iterator();
            while (expressions.hasNext()) {
                checkResolved(expressions.next(), flag, text);
            }
        });
    }

    private static void checkResolved(Expression expression, String flag, String text) {
        if (expression instanceof CallMethodViaReflection) {
            throw refused(flag, text, "calls a Java method (" + expression.prettyName() + "), which is never run");
        }
        if (expression instanceof Cast cast && cast.child() instanceof AttributeReference column
                && "N".equals(pinned(column)) && column.dataType() instanceof StringType
                && !(cast.dataType() instanceof StringType)) {
            throw BulkException.usage(flag + ": column " + column.name() + " holds numbers that no Spark number type holds "
                    + "exactly (38-digit integers beside fractions), so it is kept as the exact DynamoDB text; '" + oneLine(text)
                    + "' uses it as " + cast.dataType().simpleString() + ", which would round. "
                    + ("--where".equals(flag) ? "Compare the column itself with a number literal (" + column.name()
                            + " = 123), which is exact" : "Use count/find/delete --where " + column.name() + " = NUMBER, which "
                            + "compares exactly, or compare the text"));
        }
        if (expression instanceof BinaryComparison || expression instanceof In) {
            checkNotAsText(expression, flag, text);
            Iterator<Expression> operands = expression.children().iterator();
            while (operands.hasNext()) {
                checkNotNullCast(operands.next(), expression, flag, text);
            }
        }
        Iterator<Expression> children = expression.children().iterator();
        while (children.hasNext()) {
            checkResolved(children.next(), flag, text);
        }
    }

    /** An exact-text number column compared with a number Spark turned into text compares digits, not numbers (0.50 vs 0.5). */
    private static void checkNotAsText(Expression comparison, String flag, String text) {
        AttributeReference column = null;
        boolean numberAsText = false;
        for (Expression operand : scala.collection.JavaConverters.seqAsJavaList(comparison.children())) {
            if (operand instanceof AttributeReference attribute && "N".equals(pinned(attribute))
                    && attribute.dataType() instanceof StringType) {
                column = attribute;
            }
            if (operand instanceof Cast cast && cast.dataType() instanceof StringType
                    && cast.child().dataType() instanceof NumericType) {
                numberAsText = true;
            }
        }
        if (column != null && numberAsText) {
            throw BulkException.usage(flag + ": column " + column.name() + " holds numbers as their exact DynamoDB text, and '"
                    + oneLine(text) + "' would compare them with a number as text (0.50 is not 0.5 as text); "
                    + ("--where".equals(flag) ? "write the comparison as " + column.name() + " = NUMBER or " + column.name()
                            + " IN (NUMBER, ...)" : "use count/find/delete --where, which compares such numbers exactly"));
        }
    }

    /** {@code n > 'x'} is {@code n > CAST('x' AS BIGINT)}, NULL for every row: an error, not a count of 0. */
    private static void checkNotNullCast(Expression operand, Expression comparison, String flag, String text) {
        if (!(operand instanceof Cast cast) || !cast.foldable()) {
            return;
        }
        boolean nullOnly;
        try {
            nullOnly = cast.child().eval(null) != null && cast.eval(null) == null;
        } catch (RuntimeException e) {
            // ANSI mode throws instead of answering NULL: the same mistake
            nullOnly = true;
        }
        if (!nullOnly) {
            return;
        }
        String type = cast.dataType().simpleString();
        throw BulkException.usage(flag + ": " + cast.child().sql() + " is not a " + type + ", so '" + oneLine(text)
                + "' compares " + comparison.children().apply(0).sql() + " with NULL and matches nothing; write a " + type
                + " value there");
    }

    private static String pinned(AttributeReference column) {
        return column.metadata().contains(TypeMapping.TYPE_KEY) ? column.metadata().getString(TypeMapping.TYPE_KEY) : null;
    }

    private static void walkPlan(LogicalPlan plan, String flag, String text, Set<String> relations) {
        forEachPlan(plan, node -> {
            String kind = node.getClass().getSimpleName();
            if (!QUERY_OPERATORS.contains(kind)) {
                throw refused(flag, text, "is not a read-only query (Spark parses it as " + kind + "); only SELECT and WITH "
                        + "queries over the table run");
            }
            if (relations != null && node instanceof UnresolvedRelation relation) {
                List<String> name = scala.collection.JavaConverters.seqAsJavaList(relation.multipartIdentifier());
                if (name.size() != 1 || !relations.contains(name.get(0).toLowerCase(Locale.ROOT))) {
                    throw refused(flag, text, "reads " + relation.tableName() + "; only the table's view (and the query's own "
                            + "WITH names) can be read");
                }
            }
            Iterator<Expression> expressions = node.expressions().iterator();
            while (expressions.hasNext()) {
                walkExpression(expressions.next(), flag, text, relations);
            }
        });
    }

    private static void walkExpression(Expression expression, String flag, String text, Set<String> relations) {
        String kind = expression.getClass().getSimpleName();
        if (DENIED_EXPRESSIONS.contains(kind)) {
            throw refused(flag, text, "names a function or table through a string (" + kind + "), which is not accepted");
        }
        if (expression instanceof UnresolvedFunction function) {
            List<String> name = scala.collection.JavaConverters.seqAsJavaList(function.nameParts());
            String last = name.get(name.size() - 1).toLowerCase(Locale.ROOT);
            if (name.size() != 1 || DENIED_FUNCTIONS.contains(last)) {
                throw refused(flag, text, "calls " + String.join(".", name) + "(), which reaches outside the table (Java "
                        + "methods, files or catalogs) and is never run");
            }
        }
        if (expression instanceof SubqueryExpression subquery) {
            if (relations == null && "--where".equals(flag)) {
                throw refused(flag, text, "holds a subquery; a condition sees only the item's own columns");
            }
            walkPlan(subquery.plan(), flag, text, relations);
        }
        Iterator<Expression> children = expression.children().iterator();
        while (children.hasNext()) {
            walkExpression(children.next(), flag, text, relations);
        }
    }

    private static void collectCteNames(LogicalPlan plan, Set<String> names) {
        forEachPlan(plan, node -> {
            if (node instanceof UnresolvedWith with) {
                for (String name : Catalyst.cteNames(with)) {
                    names.add(name.toLowerCase(Locale.ROOT));
                }
            }
        });
    }

    /** Visits a plan, its children, the plans inside it (WITH definitions) and those of its subquery expressions. */
    private static void forEachPlan(LogicalPlan plan, java.util.function.Consumer<LogicalPlan> visit) {
        visit.accept(plan);
        Iterator<LogicalPlan> children = plan.children().iterator();
        while (children.hasNext()) {
            forEachPlan(children.next(), visit);
        }
        Iterator<QueryPlan<?>> inner = plan.innerChildren().iterator();
        while (inner.hasNext()) {
            if (inner.next() instanceof LogicalPlan innerPlan) {
                forEachPlan(innerPlan, visit);
            }
        }
        Iterator<?> subqueries = plan.subqueries().iterator();
        while (subqueries.hasNext()) {
            forEachPlan((LogicalPlan) subqueries.next(), visit);
        }
    }

    private static BulkException refused(String flag, String text, String why) {
        return BulkException.usage(flag + ": '" + oneLine(text) + "' " + why);
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 100 ? line.substring(0, 97) + "..." : line;
    }
}
