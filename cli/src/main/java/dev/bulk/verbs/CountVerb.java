package dev.bulk.verbs;

import dev.bulk.ExitCodes;
import dev.bulk.connector.DynamoDbScan;
import dev.bulk.output.RunContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "count", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Counts the items of a table (or --index) exactly, optionally only those matching --where.",
                "Without --where, or when DynamoDB can evaluate the whole condition exactly, DynamoDB counts (Select=COUNT); "
                        + "otherwise the matching items are read (only the needed attributes) and Spark counts them. "
                        + "'pk = ...' on the partition key becomes a Query. Use --explain to see the calls."})
public final class CountVerb extends QueryVerb {
    @Option(names = "--where", paramLabel = "EXPR",
            description = "Spark SQL condition, e.g. \"a > b and ts < '2024'\" (https://spark.apache.org/docs/latest/api/sql/).")
    String where;

    @Option(names = "--orderby", paramLabel = "COL [asc|desc]", arity = "1..2",
            description = "Accepted for compatibility with find; an order does not change a count.")
    List<String> orderBy;

    @Option(names = "--limit", paramLabel = "N", description = "Stop counting at N matching items.")
    Long limit;

    @Override
    void validate() {
        super.validate();
        validateLimit(limit);
    }

    @Override
    int execute(RunContext run) {
        Loaded loaded = load(run, where != null || orderBy != null);
        Dataset<Row> rows = TableQuery.where(loaded.spark(), loaded.rows(), where, err());
        TableQuery.orderBy(rows, orderBy); // validated, not applied
        if (limit != null) {
            rows = rows.limit(limit.intValue());
        }
        Dataset<Row> counted = rows.groupBy().count();
        List<DynamoDbScan> scans = TableQuery.scans(counted);
        printPlannedCost(loaded, scans);
        if (stopBeforeReading(scans)) {
            return ExitCodes.OK;
        }
        long count = TableQuery.run(loaded.spark(), run, "count " + tableOption.table, engine.settings().timeout(),
                loaded.info().itemCount(), () -> counted.collectAsList().get(0).getLong(0));
        run.count("count", count);
        out().println(String.format("Count of matching items: %,d", count));
        reportUnits(run);
        return ExitCodes.OK;
    }
}
