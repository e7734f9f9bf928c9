package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.connector.Catalyst;
import dev.bulk.connector.DynamoDbScan;
import dev.bulk.connector.DynamoDbSource;
import dev.bulk.connector.ReadMetrics;
import dev.bulk.connector.TypeMapping;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.JobRunner;
import dev.bulk.output.RunContext;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2ScanRelation;
import org.apache.spark.sql.types.StructType;

/**
 * The table as a Spark DataFrame for count, find and sql: loading it through the {@code dynamodb}
 * source, applying --where/--orderby with usage errors that name the flag, finding the planned
 * DynamoDB scans for --explain and the cost line, and running the job with progress and Ctrl-C.
 */
public final class TableQuery {
    /** The reference README's {@code val = ('x' or 'y')}: read as {@code val IN ('x', 'y')}. */
    private static final Pattern OR_OF_STRINGS = Pattern.compile(
            "=\\s*\\(\\s*('(?:[^'\\\\]|\\\\.)*'(?:\\s+(?i:or)\\s+'(?:[^'\\\\]|\\\\.)*')+)\\s*\\)");
    private static final Pattern OR_WORD = Pattern.compile("\\s+(?i:or)\\s+(?=')");

    private TableQuery() {
    }

    public static Dataset<Row> load(SparkSession spark, Map<String, String> options, String schemaDdl) {
        org.apache.spark.sql.DataFrameReader reader = spark.read().format(DynamoDbSource.NAME).options(options);
        if (schemaDdl != null) {
            StructType schema;
            try {
                schema = StructType.fromDDL(schemaDdl);
            } catch (Exception e) {
                throw BulkException.usage("--schema: not a valid Spark DDL column list: '" + schemaDdl + "' ("
                        + JobFailures.rootMessage(e) + ")");
            }
            reader = reader.schema(schema);
        }
        try {
            // The exact item is a metadata column (hidden from SELECT *): the verbs name it, so
            // find, export and the staged matches of a mutation keep it as a column.
            Dataset<Row> table = reader.load();
            return table.select(table.col("*"), table.col(TypeMapping.ITEM_COLUMN));
        } catch (IllegalArgumentException e) {
            throw BulkException.usage(e.getMessage());
        }
    }

    /** The reference's "= ('a' or 'b')" rewritten to IN, with a note; any other text unchanged. */
    public static String rewriteReferenceForms(String where, PrintStream err) {
        Matcher matcher = OR_OF_STRINGS.matcher(where);
        StringBuilder rewritten = new StringBuilder();
        boolean changed = false;
        while (matcher.find()) {
            changed = true;
            String values = OR_WORD.matcher(matcher.group(1)).replaceAll(", ");
            matcher.appendReplacement(rewritten, Matcher.quoteReplacement("IN (" + values + ")"));
        }
        matcher.appendTail(rewritten);
        if (changed) {
            err.println("note: --where reads \"= ('a' or 'b')\" as \"IN ('a', 'b')\": " + rewritten);
        }
        return rewritten.toString();
    }

    public static Dataset<Row> where(SparkSession spark, Dataset<Row> table, String where, PrintStream err) {
        if (where == null) {
            return table;
        }
        String condition = rewriteReferenceForms(where, err);
        Expression parsed;
        try {
            parsed = spark.sessionState().sqlParser().parseExpression(condition);
        } catch (Exception e) {
            throw BulkException.usage("--where: syntax error in '" + where + "': " + sparkMessage(e));
        }
        // count, find, export and every --where mutation come through here: the one place the condition is checked.
        QueryGuard.condition(parsed, where);
        Dataset<Row> filtered;
        try {
            filtered = table.filter(Catalyst.column(ExactNumbers.rewrite(spark, parsed, table.schema())));
        } catch (Exception e) {
            if (e instanceof AnalysisException) {
                throw BulkException.usage("--where: " + sparkMessage(e) + hint(table));
            }
            throw e;
        }
        QueryGuard.analyzed(filtered.queryExecution().analyzed(), "--where", where);
        return filtered;
    }

    public static Dataset<Row> orderBy(Dataset<Row> rows, List<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            return rows;
        }
        List<Column> columns = new ArrayList<>();
        for (String spec : String.join(" ", tokens).split(",")) {
            String[] words = spec.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                throw BulkException.usage("--orderby: empty sort column in '" + String.join(" ", tokens) + "'");
            }
            if (words.length > 2) {
                throw BulkException.usage("--orderby: expected 'COLUMN [asc|desc]', got '" + spec.trim() + "'");
            }
            String direction = words.length == 2 ? words[1].toLowerCase(Locale.ROOT) : "asc";
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw BulkException.usage("--orderby direction must be 'asc' or 'desc', got '" + words[1] + "'");
            }
            Column column;
            try {
                column = rows.col(words[0]);
            } catch (Exception e) {
                throw BulkException.usage("--orderby: unknown column '" + words[0] + "'" + hint(rows));
            }
            if (ExactNumbers.columns(rows.schema()).contains(words[0].toLowerCase(Locale.ROOT))) {
                // Its values are exact number text, whose text order is not numeric order.
                throw BulkException.usage("--orderby: column '" + words[0] + "' holds numbers that no Spark number type holds "
                        + "exactly (38-digit integers beside fractions) and cannot be sorted exactly; sort by another column");
            }
            columns.add(direction.equals("asc") ? column.asc() : column.desc());
        }
        return rows.orderBy(columns.toArray(new Column[0]));
    }

    private static String hint(Dataset<Row> table) {
        List<String> names = new ArrayList<>();
        for (String name : table.columns()) {
            if (!name.equals(TypeMapping.ITEM_COLUMN)) {
                names.add(name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name + "`");
            }
        }
        return names.size() > 40 ? "" : " (columns: " + String.join(", ", names) + ")";
    }

    /** Spark's message without the plan it appends. */
    public static String sparkMessage(Throwable e) {
        String message = e instanceof AnalysisException analysis ? analysis.getSimpleMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        message = message.replace("\n", " ").replaceAll("\\s+", " ").trim();
        int plan = message.indexOf("; line ");
        if (plan < 0) {
            plan = message.indexOf(";'");
        }
        return plan > 0 ? message.substring(0, plan) : message;
    }

    /** The DynamoDB scans Spark planned for a query (planning only: nothing is read). */
    public static List<DynamoDbScan> scans(Dataset<?> query) {
        List<DynamoDbScan> scans = new ArrayList<>();
        collect(query.queryExecution().optimizedPlan(), scans);
        return scans;
    }

    private static void collect(LogicalPlan plan, List<DynamoDbScan> scans) {
        if (plan instanceof DataSourceV2ScanRelation relation && relation.scan() instanceof DynamoDbScan scan) {
            scans.add(scan);
        }
        scala.collection.Iterator<LogicalPlan> children = plan.children().iterator();
        while (children.hasNext()) {
            collect(children.next(), scans);
        }
        scala.collection.Iterator<?> subqueries = plan.subqueries().iterator();
        while (subqueries.hasNext()) {
            collect((LogicalPlan) subqueries.next(), scans);
        }
    }

    public static void printExplain(PrintStream out, List<DynamoDbScan> scans) {
        out.println("DynamoDB calls (--explain: nothing was read):");
        for (DynamoDbScan scan : scans) {
            List<String> lines = scan.explain();
            out.println("  " + lines.get(0));
            for (String line : lines.subList(1, lines.size())) {
                out.println("    " + line);
            }
        }
    }

    /** Runs a Spark action with Ctrl-C/--XTimeout cancellation and a progress line fed by the readers. */
    public static <T> T run(SparkSession spark, RunContext run, String description, Duration timeout, long expectedItems,
            Callable<T> action) {
        String key = run.runId();
        JobRunner.Job job = JobRunner.Job.of(description, "scanned", expectedItems)
                .counting(() -> ReadMetrics.totals(key).scanned(), () -> Math.round(ReadMetrics.totals(key).readUnits() * 1000))
                .whenStopped(() -> JobFailures.finished(ReadMetrics.totals(key).scanned(), "items scanned"));
        try {
            return new JobRunner(spark.sparkContext(), run, timeout, new TerminalConsole(run.err())).run(job, action::call);
        } finally {
            ReadMetrics.Totals totals = ReadMetrics.totals(key);
            run.count("readUnits", totals.readUnits());
            run.count("itemsScanned", totals.scanned());
            if (totals.misfits() > 0) {
                run.err().println(String.format("warning: %,d numbers did not fit their column's inferred type and read "
                        + "as NULL in Spark; pass --schema with a wider type (e.g. DECIMAL(38,10) or DOUBLE)",
                        totals.misfits()));
            }
            ReadMetrics.forget(key);
        }
    }
}
