package dev.bulk.verbs.read;

import dev.bulk.output.ResultFormat;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.FormatOption;
import dev.bulk.verbs.IndexOption;
import dev.bulk.verbs.LimitOption;
import dev.bulk.verbs.OrderByOption;
import dev.bulk.verbs.OutputCheck;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.S3Option;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableQuery;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.WhereOption;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds the items matching --where, prints the first 10 and writes all of them to the output folder.",
                "--orderby with --limit keeps only the best N rows per task (no sort of the whole table)."})
public final class FindVerb extends TableVerb {
    static final String DEFAULT_FORMAT = "json";

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
        ResultFormat.parse(format.orDefault(DEFAULT_FORMAT));
    }

    @Override
    protected int execute(RunContext run) {
        ResultFormat resultFormat = ResultFormat.parse(format.orDefault(DEFAULT_FORMAT));
        TableReader reader = reader();
        TableReader.Loaded loaded = reader.load(run, true);
        OutputCheck.writable(loaded.spark(), run, s3.s3Endpoint(), target);
        Dataset<Row> rows = TableQuery.orderBy(TableQuery.where(loaded.spark(), loaded.rows(), where.where(), err()),
                orderBy.orderBy());
        return reader.writeResult(run, loaded, rows, limit.limit(), resultFormat, "matching items", "more not printed", "items");
    }

    private TableReader reader() {
        return new TableReader(tables(), dryRun(), tableOption, indexOption, query, readRates);
    }
}
