package dev.bulk.verbs.read;

import dev.bulk.BulkException;
import dev.bulk.connector.TypeMapping;
import dev.bulk.output.ResultFormat;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.FormatOption;
import dev.bulk.verbs.IndexOption;
import dev.bulk.verbs.LimitOption;
import dev.bulk.verbs.OutputCheck;
import dev.bulk.verbs.QueryGuard;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.S3Option;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableQuery;
import dev.bulk.verbs.TableVerb;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@picocli.CommandLine.Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a Spark SQL query over the table, prints the first 10 rows and writes all of them to the output "
                + "folder.",
                "The table is a view named after it: quote names with '-' or '.' in backticks (`my-table`), or use the "
                        + "alias with them replaced by '_' (my_table). Only queries (SELECT, WITH …) are accepted."})
public final class SqlVerb extends TableVerb {
    @Mixin
    ReadRateOptions readRates;

    @Mixin
    TableOption tableOption;

    @Mixin
    IndexOption indexOption;

    @Mixin
    QueryFlags query;

    @Option(names = "--query", required = true, paramLabel = "SQL", description = "The query, e.g. \"SELECT color, count(*) "
            + "FROM t GROUP BY color\" (https://spark.apache.org/docs/latest/api/sql/).")
    String sql;

    @Mixin
    LimitOption limit;

    @Mixin
    FormatOption format;

    @Mixin
    S3Option s3;

    @Override
    protected boolean readOnly() {
        return true;
    }

    @Override
    protected void validate() {
        reader().validate();
        limit.validate();
        ResultFormat.parse(format.orDefault(FindVerb.DEFAULT_FORMAT));
        if (sql.isBlank()) {
            throw BulkException.usage("--query: empty query");
        }
    }

    @Override
    protected int execute(RunContext run) {
        ResultFormat resultFormat = ResultFormat.parse(format.orDefault(FindVerb.DEFAULT_FORMAT));
        LogicalPlan parsed = QueryGuard.statement(tables().spark(), sql);
        TableReader reader = reader();
        TableReader.Loaded loaded = reader.load(run, true);
        OutputCheck.writable(loaded.spark(), run, s3.s3Endpoint(), target);
        Dataset<Row> view = loaded.rows().drop(TypeMapping.ITEM_COLUMN);
        String name = loaded.info().tableName();
        String alias = name.replace('-', '_').replace('.', '_');
        QueryGuard.relations(parsed, sql, Set.of(name, alias));
        view.createOrReplaceTempView("`" + name.replace("`", "``") + "`");
        if (!alias.equals(name)) {
            view.createOrReplaceTempView(alias);
        }
        // Defence in depth: even a path form that got past the checks reads no file.
        loaded.spark().conf().set("spark.sql.runSQLOnFiles", "false");
        Dataset<Row> rows;
        try {
            rows = loaded.spark().sql(sql);
        } catch (Exception e) {
            throw BulkException.usage("--query: " + TableQuery.sparkMessage(e) + " (the table is `" + name + "`"
                    + (alias.equals(name) ? "" : " or " + alias) + ")");
        }
        QueryGuard.analyzed(rows.queryExecution().analyzed(), "--query", sql);
        return reader.writeResult(run, loaded, rows, limit.limit(), resultFormat, "result rows", "more rows not printed", "rows");
    }

    private TableReader reader() {
        return new TableReader(tables(), dryRun(), tableOption, indexOption, query, readRates);
    }

}
