package dev.bulk.verbs.read;

import dev.bulk.output.ResultFormat;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.FormatOption;
import dev.bulk.verbs.IndexOption;
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

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the whole table (or the items matching --where) to files in the output folder "
                        + "(<output>/result/, local or s3://).",
                "Formats: ddb-json (default; DynamoDB JSON lines {\"Item\":{…}} exactly as DynamoDB's own export to S3 "
                        + "writes them: lossless, loadable with load-export), json (plain JSON: binary and sets lose their "
                        + "type), csv (header; maps, lists and sets as JSON text, binary as base64: types lost), parquet "
                        + "(typed columns from the inferred schema)."})
public final class ExportVerb extends TableVerb {
    private static final String DEFAULT_FORMAT = "ddb-json";

    @Mixin
    ReadRateOptions readRates;

    @Mixin
    TableOption tableOption;

    @Mixin
    IndexOption indexOption;

    @Mixin
    QueryFlags query;

    @Mixin
    FormatOption format;

    @Mixin
    WhereOption where;

    @Mixin
    S3Option s3;

    @Override
    protected void validate() {
        reader().validate();
        ResultFormat.parse(format.orDefault(DEFAULT_FORMAT));
    }

    @Override
    protected int execute(RunContext run) {
        ResultFormat resultFormat = ResultFormat.parse(format.orDefault(DEFAULT_FORMAT));
        TableReader reader = reader();
        TableReader.Loaded loaded = reader.load(run, true);
        OutputCheck.writable(loaded.spark(), run, s3.s3Endpoint(), target);
        Dataset<Row> rows = TableQuery.where(loaded.spark(), loaded.rows(), where.where(), err());
        return reader.export(run, loaded, rows, resultFormat);
    }

    private TableReader reader() {
        return new TableReader(tables(), dryRun(), tableOption, indexOption, query, readRates);
    }
}
