package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.connector.DynamoDbScan;
import dev.bulk.connector.ReadOptions;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.output.RunContext;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What count, find and sql share: the table (or --index) as a Spark DataFrame through the
 * dynamodb source, with the table-info block, the read budget, and the cost of what was planned.
 */
abstract class QueryVerb extends TableVerb {
    @Mixin
    TableOption tableOption;

    @Mixin
    IndexOption indexOption;

    @Mixin
    QueryFlags query;

    /** What a verb works on once the table is described and loaded. */
    record Loaded(SparkSession spark, ClientSettings settings, TableInfo info, Throughput rate, Dataset<Row> rows) {
    }

    @Override
    void validate() {
        rates.validate();
        engine.settings();
        query.validate();
    }

    static void validateLimit(Long limit) {
        if (limit != null && limit <= 0) {
            throw BulkException.usage("--limit: must be a positive integer, got " + limit);
        }
        if (limit != null && limit > Integer.MAX_VALUE) {
            throw BulkException.usage("--limit: at most " + Integer.MAX_VALUE + ", got " + limit);
        }
    }

    /**
     * Describes the table, prints its info and budget, and loads it. With {@code needSchema}
     * false (a plain count) only the key columns are declared, which skips sampling.
     */
    Loaded load(RunContext run, boolean needSchema) {
        TableRef ref = ScanCountVerb.parseTable(tableOption.table);
        ReadTarget read = openForRead(ref, indexOption.index);
        SparkSession spark = spark();
        Map<String, String> options = ReadOptions.toMap(tableOption.table, indexOption.index, read.settings(), query.segmentsOption.segments, read.rate().rate(),
                query.consistentRead, query.pushdown(), run.runId());
        String schema = query.schema != null ? query.schema : needSchema ? null : keyColumns(read.info().keySchema());
        Dataset<Row> rows = TableQuery.load(spark, options, schema);
        return new Loaded(spark, read.settings(), read.info(), read.rate(), rows);
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

    /**
     * The cost line for what Spark planned: a full-scan estimate for scans; a Query reads only
     * one partition key's items, which DescribeTable cannot size.
     */
    void printPlannedCost(Loaded loaded, List<DynamoDbScan> scans) {
        boolean anyScan = scans.isEmpty() || scans.stream().anyMatch(scan -> !scan.isQuery());
        if (anyScan) {
            printCost(Throughput.Mode.READ, CostEstimate.scanUnits(loaded.info().sizeBytes(), query.consistentRead) * Math.max(1,
                    scans.stream().filter(scan -> !scan.isQuery()).count()), loaded.info(), loaded.rate(),
                    "read units for a full scan");
        } else {
            err().println("Cost: a Query reads only the items of one partition key (DescribeTable cannot size it in advance; "
                    + "the units used are reported at the end).");
        }
    }

    /** --explain and --dry-run stop here; returns true when the verb should stop. */
    boolean stopBeforeReading(List<DynamoDbScan> scans) {
        if (query.explain) {
            TableQuery.printExplain(out(), scans);
            return true;
        }
        if (runOptions.dryRun) {
            err().println("--dry-run: nothing read.");
            return true;
        }
        return false;
    }

    /**
     * find's and sql's ending: apply --limit, print the planned cost, stop for --explain/--dry-run,
     * else write the result, print the preview and the units used.
     */
    int writeResult(RunContext run, Loaded loaded, Dataset<Row> rows, Long limit, dev.bulk.output.ResultFormat format,
            String what, String more, String noun) {
        Dataset<Row> limited = limit != null ? rows.limit(limit.intValue()) : rows;
        List<DynamoDbScan> scans = TableQuery.scans(limited);
        printPlannedCost(loaded, scans);
        if (stopBeforeReading(scans)) {
            return ExitCodes.OK;
        }
        dev.bulk.output.ResultWriter.Written written = TableQuery.run(loaded.spark(), run, spec.name() + " " + tableOption.table,
                engine.settings().timeout(), loaded.info().itemCount(),
                () -> dev.bulk.output.ResultWriter.write(loaded.spark(), limited, format, run.resultUri()));
        run.count(noun, written.count());
        Preview.print(out(), written, what, more, noun, format, run);
        reportUnits(run);
        return ExitCodes.OK;
    }

    void reportUnits(RunContext run) {
        err().println(String.format("Read units consumed: %,.1f", run.countValue("readUnits")));
    }
}
