package dev.bulk.verbs.read;

import dev.bulk.ExitCodes;
import dev.bulk.connector.DynamoDbScan;
import dev.bulk.connector.ReadOptions;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.count.SegmentCountJob.SegmentCount;
import dev.bulk.output.ResultFormat;
import dev.bulk.output.ResultWriter;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.IndexOption;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableQuery;
import dev.bulk.verbs.Tables;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What count, find, sql and export read through: the table (or --index) as a Spark DataFrame
 * through the dynamodb source, with the table-info block and the read budget (the source); the
 * cost of what Spark planned, --explain and --dry-run; and the sinks: a count, a result folder
 * with its preview, an export.
 */
final class TableReader {
    /** What a verb works on once the table is described and loaded. */
    record Loaded(SparkSession spark, TableInfo info, Throughput rate, Dataset<Row> rows) {
    }

    private final Tables tables;
    private final boolean dryRun;
    private final TableOption table;
    private final IndexOption index;
    private final QueryFlags query;
    private final ReadRateOptions rates;

    TableReader(Tables tables, boolean dryRun, TableOption table, IndexOption index, QueryFlags query, ReadRateOptions rates) {
        this.tables = tables;
        this.dryRun = dryRun;
        this.table = table;
        this.index = index;
        this.query = query;
        this.rates = rates;
    }

    /** The flags every reading verb checks before anything else. */
    void validate() {
        rates.validate();
        query.validate();
    }

    /**
     * Describes the table, prints its info and budget, and loads it. With {@code needSchema}
     * false (a plain count) only the key columns are declared, which skips sampling.
     */
    Loaded load(RunContext run, boolean needSchema) {
        TableRef ref = Tables.parseTable("--table", table.table());
        Tables.ReadTarget read = tables.openForRead(ref, index.index(), rates);
        SparkSession spark = tables.spark();
        Map<String, String> options = ReadOptions.toMap(table.table(), index.index(), read.settings(),
                query.segmentsOption.segments(), read.rate().rate(), query.consistentRead.consistentRead(), query.pushdown(),
                run.runId());
        String schema = query.schema != null ? query.schema : needSchema ? null : keyColumns(read.info().keySchema());
        return new Loaded(spark, read.info(), read.rate(), TableQuery.load(spark, options, schema));
    }

    /** count's sink: the number of rows, counted by DynamoDB where the plan lets it. */
    int count(RunContext run, Loaded loaded, Dataset<Row> rows) {
        Dataset<Row> counted = rows.groupBy().count();
        if (stopAfterPlanning(loaded, counted)) {
            return ExitCodes.OK;
        }
        long count = TableQuery.run(loaded.spark(), run, "count " + table.table(), tables.timeout(),
                loaded.info().itemCount(), () -> counted.collectAsList().get(0).getLong(0));
        printCount(run, count);
        return ExitCodes.OK;
    }

    /**
     * count of a whole table (or index) on the direct engine: DynamoDB counts each segment
     * (Select=COUNT), as the pushed-down count of {@link #count} does, and the lines are the same.
     */
    int countDirect(RunContext run) {
        TableRef ref = Tables.parseTable("--table", table.table());
        Tables.ReadTarget read = tables.openForRead(ref, index.index(), rates);
        printPlannedCost(read.info(), read.rate(), List.of());
        if (dryRun) {
            tables.err().println("--dry-run: nothing read.");
            return ExitCodes.OK;
        }
        int segments = tables.segmentCount(query.segmentsOption.segments(), read.info());
        ScanSpec spec = ScanSpec.count(ref, index.index(), segments).withConsistentRead(query.consistentRead.consistentRead());
        List<SegmentCount> counts = CountPlan.run(tables, run, read.settings(), spec,
                IntStream.range(0, segments).boxed().toList(), read.rate().rate(), read.info().itemCount());
        run.count("itemsScanned", counts.stream().mapToLong(SegmentCount::scanned).sum());
        printCount(run, CountPlan.total(counts));
        return ExitCodes.OK;
    }

    private void printCount(RunContext run, long count) {
        run.count("count", count);
        tables.out().println(String.format("Count of matching items: %,d", count));
        reportUnits(run);
    }

    /**
     * find's and sql's sink: apply --limit, print the planned cost, stop for --explain/--dry-run,
     * else write the result, print the preview and the units used.
     */
    int writeResult(RunContext run, Loaded loaded, Dataset<Row> rows, Long limit, ResultFormat format, String what,
            String more, String noun) {
        Dataset<Row> limited = limit != null ? rows.limit(limit.intValue()) : rows;
        if (stopAfterPlanning(loaded, limited)) {
            return ExitCodes.OK;
        }
        ResultWriter.Written written = TableQuery.run(loaded.spark(), run, tables.verb() + " " + table.table(),
                tables.timeout(), loaded.info().itemCount(),
                () -> ResultWriter.write(loaded.spark(), limited, format, run.resultUri()));
        run.count(noun, written.count());
        run.file("result", written.uri());
        Preview.print(tables.out(), written, what, more, noun, format);
        reportUnits(run);
        return ExitCodes.OK;
    }

    /** export's sink: every row to files in the result folder, and where they are. */
    int export(RunContext run, Loaded loaded, Dataset<Row> rows, ResultFormat format) {
        if (stopAfterPlanning(loaded, rows)) {
            return ExitCodes.OK;
        }
        ResultWriter.Written written = TableQuery.run(loaded.spark(), run, "export " + table.table(), tables.timeout(),
                loaded.info().itemCount(), () -> ResultWriter.write(loaded.spark(), rows, format, run.resultUri()));
        run.count("exported", written.count());
        run.file("result", written.uri());
        String folder = RunContext.shown(written.uri()) + "/";
        tables.out().println(String.format("Exported %,d items in %s format to %s", written.count(), format.label(), folder));
        reportUnits(run);
        return ExitCodes.OK;
    }

    /** Prints the cost of what Spark planned; true when --explain or --dry-run stop the verb there. */
    private boolean stopAfterPlanning(Loaded loaded, Dataset<?> planned) {
        List<DynamoDbScan> scans = TableQuery.scans(planned);
        printPlannedCost(loaded.info(), loaded.rate(), scans);
        if (query.explain) {
            TableQuery.printExplain(tables.out(), scans);
            return true;
        }
        if (dryRun) {
            tables.err().println("--dry-run: nothing read.");
            return true;
        }
        return false;
    }

    /**
     * The cost line for what Spark planned: a full-scan estimate for scans; a Query reads only
     * one partition key's items, which DescribeTable cannot size.
     */
    private void printPlannedCost(TableInfo info, Throughput rate, List<DynamoDbScan> scans) {
        boolean anyScan = scans.isEmpty() || scans.stream().anyMatch(scan -> !scan.isQuery());
        if (anyScan) {
            tables.printReadCost(rates, CostEstimate.scanUnits(info.sizeBytes(), query.consistentRead.consistentRead())
                    * Math.max(1, scans.stream().filter(scan -> !scan.isQuery()).count()), info, rate,
                    "read units for a full scan");
        } else {
            tables.err().println("Cost: a Query reads only the items of one partition key (DescribeTable cannot size it in "
                    + "advance; the units used are reported at the end).");
        }
    }

    private void reportUnits(RunContext run) {
        tables.err().println(String.format("Read units consumed: %,.1f", run.countValue("readUnits")));
    }

    private static String keyColumns(KeySchema keys) {
        StringBuilder ddl = new StringBuilder("`" + keys.partitionKey().replace("`", "``") + "` " + sqlType(keys.partitionType()));
        if (keys.sortKey() != null) {
            ddl.append(", `").append(keys.sortKey().replace("`", "``")).append("` ").append(sqlType(keys.sortType()));
        }
        return ddl.toString();
    }

    private static String sqlType(String keyType) {
        return switch (keyType) {
            case "S" -> "STRING";
            case "B" -> "BINARY";
            default -> "DECIMAL(38,0)";
        };
    }
}
