package dev.bulk.verbs;

import dev.bulk.output.ResultFormat;
import dev.bulk.output.RunContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds the items matching --where, prints the first 10 and writes all of them to the output folder.",
                "--orderby with --limit keeps only the best N rows per task (no sort of the whole table)."})
public final class FindVerb extends QueryVerb {
    @Option(names = "--where", paramLabel = "EXPR",
            description = "Spark SQL condition, e.g. \"a > b and ts < '2024'\" (https://spark.apache.org/docs/latest/api/sql/).")
    String where;

    @Option(names = "--orderby", paramLabel = "COL [asc|desc]", arity = "1..2",
            description = "Sort by a column, ascending unless 'desc'; several as \"a desc, b\".")
    List<String> orderBy;

    @Option(names = "--limit", paramLabel = "N", description = "At most N items (the first N in --orderby order).")
    Long limit;

    @Mixin
    ResultFlags result;

    @Override
    void validate() {
        super.validate();
        validateLimit(limit);
        result.resultFormat();
    }

    @Override
    int execute(RunContext run) {
        ResultFormat format = result.resultFormat();
        Loaded loaded = load(run, true);
        OutputCheck.writable(loaded.spark(), run, result.s3.s3Endpoint, target);
        Dataset<Row> rows = TableQuery.orderBy(TableQuery.where(loaded.spark(), loaded.rows(), where, err()), orderBy);
        return writeResult(run, loaded, rows, limit, format, "matching items", "more not printed", "items");
    }
}
