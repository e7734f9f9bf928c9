package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.connector.TypeMapping;
import dev.bulk.output.ResultFormat;
import dev.bulk.output.RunContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@picocli.CommandLine.Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a Spark SQL query over the table, prints the first 10 rows and writes all of them to the output "
                + "folder.",
                "The table is a view named after it: quote names with '-' or '.' in backticks (`my-table`), or use the "
                        + "alias with them replaced by '_' (my_table). Only queries (SELECT, WITH …) are accepted."})
public final class SqlVerb extends QueryVerb {
    @Option(names = "--query", required = true, paramLabel = "SQL", description = "The query, e.g. \"SELECT color, count(*) "
            + "FROM t GROUP BY color\" (https://spark.apache.org/docs/latest/api/sql/).")
    String sql;

    @Option(names = "--limit", paramLabel = "N", description = "At most N result rows.")
    Long limit;

    @Mixin
    ResultFlags result;

    @Override
    void validate() {
        super.validate();
        validateLimit(limit);
        result.resultFormat();
        if (sql.isBlank()) {
            throw BulkException.usage("--query: empty query");
        }
    }

    @Override
    int execute(RunContext run) {
        ResultFormat format = result.resultFormat();
        checkIsQuery(spark());
        Loaded loaded = load(run, true);
        OutputCheck.writable(loaded.spark(), run, result.s3Endpoint, target);
        Dataset<Row> view = loaded.rows().drop(TypeMapping.ITEM_COLUMN);
        String name = loaded.info().tableName();
        view.createOrReplaceTempView("`" + name.replace("`", "``") + "`");
        String alias = name.replace('-', '_').replace('.', '_');
        if (!alias.equals(name)) {
            view.createOrReplaceTempView(alias);
        }
        Dataset<Row> rows;
        try {
            rows = loaded.spark().sql(sql);
        } catch (Exception e) {
            throw BulkException.usage("--query: " + TableQuery.sparkMessage(e) + " (the table is `" + name + "`"
                    + (alias.equals(name) ? "" : " or " + alias) + ")");
        }
        return writeResult(run, loaded, rows, limit, format, "result rows", "more rows not printed", "rows");
    }

    /** Spark's own parser decides: a command (DDL, DML, SET, CACHE, EXPLAIN …) is refused; a query of any form is fine. */
    private void checkIsQuery(org.apache.spark.sql.SparkSession spark) {
        LogicalPlan plan;
        try {
            plan = spark.sessionState().sqlParser().parsePlan(sql);
        } catch (Exception e) {
            throw BulkException.usage("--query: syntax error: " + TableQuery.sparkMessage(e));
        }
        String kind = plan.getClass().getSimpleName();
        if (plan instanceof Command || kind.endsWith("Statement") || kind.endsWith("Command")) {
            String text = sql.strip().replaceAll("\\s+", " ");
            throw BulkException.usage("--query: only queries (SELECT, WITH …) are accepted; '"
                    + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "' is a " + kind + " statement, which sql "
                    + "never runs");
        }
    }
}
