package dev.bulk.verbs.mutate;

import dev.bulk.connector.DynamoDbScan;
import dev.bulk.connector.ReadOptions;
import dev.bulk.engine.DeclaredUpdate;
import dev.bulk.verbs.TableQuery;
import dev.bulk.verbs.Tables;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * A --where as a condition DynamoDB checks when each match is written: the FilterExpression the
 * connector renders for the scan (planning only, nothing is read), so an item that no longer
 * matches is left alone. What DynamoDB cannot evaluate is said once on stderr: the predicates the
 * connector was offered and refused, and, found by counting the conditions Spark keeps for itself
 * in the plan, those Spark never offered it.
 */
final class WhereRecheck {
    private WhereRecheck() {
    }

    static DeclaredUpdate add(DeclaredUpdate declared, SparkSession spark, String table, String where, Tables.ReadTarget read,
            Integer segments, String runId, PrintStream err) {
        Map<String, String> options = ReadOptions.toMap(table, null, read.settings(), segments, read.rate().rate(), false,
                ReadOptions.Pushdown.all(), runId);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Dataset<Row> planned = TableQuery.where(spark, TableQuery.load(spark, options, null), where, quiet);
        List<DynamoDbScan> scans = TableQuery.scans(planned);
        if (scans.size() != 1) {
            err.println("note: --where is not re-checked when each item is written (DynamoDB cannot evaluate it)");
            return declared;
        }
        List<String> keys = read.info().keySchema().names();
        DynamoDbScan.ItemCondition condition = scans.get(0).itemCondition(keys);
        boolean neverOffered = sparkConditions(planned.queryExecution().optimizedPlan(), keys) > condition.sparkChecked();
        if (!condition.notChecked().isEmpty() || neverOffered) {
            String parts = condition.notChecked().isEmpty() ? "part of it" : String.join(" AND ", condition.notChecked())
                    + (neverOffered ? " and more" : "");
            err.println("note: --where: DynamoDB cannot evaluate " + parts + "; that part is not re-checked when each item is "
                    + "written" + (condition.expression() == null ? "" : " (the rest is)"));
        }
        return declared.and(condition.expression(), condition.names(), condition.values());
    }

    /** The conditions of the plan's filters that name attributes other than the key: what Spark evaluates after the scan. */
    private static int sparkConditions(LogicalPlan plan, List<String> keys) {
        int count = 0;
        if (plan instanceof Filter filter) {
            count += conjuncts(filter.condition(), keys);
        }
        scala.collection.Iterator<LogicalPlan> children = plan.children().iterator();
        while (children.hasNext()) {
            count += sparkConditions(children.next(), keys);
        }
        return count;
    }

    private static int conjuncts(Expression condition, List<String> keys) {
        if (condition instanceof And and) {
            return conjuncts(and.left(), keys) + conjuncts(and.right(), keys);
        }
        scala.collection.Iterator<Attribute> references = condition.references().iterator();
        while (references.hasNext()) {
            if (!keys.contains(references.next().name())) {
                return 1;
            }
        }
        return 0;
    }
}
