package dev.bulk.verbs;

import dev.bulk.ExitCodes;
import dev.bulk.connector.DynamoDbScan;
import dev.bulk.output.ResultFormat;
import dev.bulk.output.ResultWriter;
import dev.bulk.output.RunContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the whole table (or the items matching --where) to files in the output folder "
                        + "(<output>/result/, local or s3://).",
                "Formats: ddb-json (default; DynamoDB JSON lines {\"Item\":{…}} exactly as DynamoDB's own export to S3 "
                        + "writes them: lossless, loadable with load-export), json (plain JSON: binary and sets lose their "
                        + "type), csv (header; maps, lists and sets as JSON text, binary as base64: types lost), parquet "
                        + "(typed columns from the inferred schema)."})
public final class ExportVerb extends QueryVerb {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ddb-json",
            description = "ddb-json, json, csv or parquet (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--where", paramLabel = "EXPR", description = "Export only the items matching this Spark SQL condition "
            + "(simple conditions are pushed down to DynamoDB as a FilterExpression).")
    String where;

    @Mixin
    S3Option s3;

    @Override
    void validate() {
        super.validate();
        ResultFormat.parse(format);
    }

    @Override
    int execute(RunContext run) {
        ResultFormat resultFormat = ResultFormat.parse(format);
        Loaded loaded = load(run, true);
        OutputCheck.writable(loaded.spark(), run, s3.s3Endpoint, target);
        Dataset<Row> rows = TableQuery.where(loaded.spark(), loaded.rows(), where, err());
        List<DynamoDbScan> scans = TableQuery.scans(rows);
        printPlannedCost(loaded, scans);
        if (stopBeforeReading(scans)) {
            return ExitCodes.OK;
        }
        ResultWriter.Written written = TableQuery.run(loaded.spark(), run, "export " + tableOption.table, engine.settings().timeout(),
                loaded.info().itemCount(), () -> ResultWriter.write(loaded.spark(), rows, resultFormat, run.resultUri()));
        run.count("exported", written.count());
        String folder = run.remoteResult() ? written.uri() + "/"
                : java.nio.file.Paths.get(java.net.URI.create(written.uri())) + "/";
        out().println(String.format("Exported %,d items in %s format to %s", written.count(), resultFormat.label(), folder));
        reportUnits(run);
        return ExitCodes.OK;
    }
}
