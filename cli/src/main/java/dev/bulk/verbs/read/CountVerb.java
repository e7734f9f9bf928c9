package dev.bulk.verbs.read;

import dev.bulk.output.RunContext;
import dev.bulk.verbs.IndexOption;
import dev.bulk.verbs.LimitOption;
import dev.bulk.verbs.OrderByOption;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableQuery;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.WhereOption;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "count", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Counts the items of a table (or --index) exactly, optionally only those matching --where.",
                "Without --where, or when DynamoDB can evaluate the whole condition exactly, DynamoDB counts (Select=COUNT); "
                        + "otherwise the matching items are read (only the needed attributes) and Spark counts them. "
                        + "'pk = ...' on the partition key becomes a Query. Use --explain to see the calls."})
public final class CountVerb extends TableVerb {
    @Mixin
    ReadRateOptions readRates;

    @Mixin
    TableOption tableOption;

    @Mixin
    IndexOption indexOption;

    @Mixin
    QueryFlags query;

    @Mixin
    WhereOption where;

    @Mixin
    OrderByOption orderBy;

    @Mixin
    LimitOption limit;

    @Override
    protected boolean readOnly() {
        return true;
    }

    @Override
    protected void validate() {
        reader().validate();
        limit.validate();
    }

    @Override
    protected int execute(RunContext run) {
        TableReader reader = reader();
        if (tables().chooseEngine(sparkOnly())) {
            return reader.countDirect(run);
        }
        TableReader.Loaded loaded = reader.load(run, where.where() != null || orderBy.orderBy() != null);
        Dataset<Row> rows = TableQuery.where(loaded.spark(), loaded.rows(), where.where(), err());
        TableQuery.orderBy(rows, orderBy.orderBy()); // validated, not applied: an order does not change a count
        if (limit.limit() != null) {
            rows = rows.limit(limit.limit().intValue());
        }
        return reader.count(run, loaded, rows);
    }

    /** Why this count needs Spark SQL, or null when it is a plain count of every item (DynamoDB counts each segment). */
    private String sparkOnly() {
        if (where.where() != null) {
            return WhereOption.NEEDS_SPARK;
        }
        if (orderBy.orderBy() != null || limit.limit() != null) {
            return (orderBy.orderBy() != null ? "--order-by" : "--limit") + " is applied by Spark SQL";
        }
        return query.sparkOnly();
    }

    private TableReader reader() {
        return new TableReader(tables(), dryRun(), tableOption, indexOption, query, readRates);
    }
}
