package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentPlanner;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.SegmentCountJob.SegmentCount;
import dev.bulk.output.RunContext;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "count", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Counts the items of a table exactly (a parallel Select=COUNT scan, not DescribeTable's estimate).",
                "--where, --orderby and --limit (Spark SQL) are not available in this version and are refused."})
public final class CountVerb extends TableVerb {
    @Option(names = "--table", required = true, paramLabel = "NAME|ARN", description = "Table to count.")
    String table;

    @Option(names = "--index", paramLabel = "NAME", description = "Count a secondary index instead of the table.")
    String index;

    @Option(names = "--where", paramLabel = "EXPR", description = "Spark SQL condition (not available yet: refused with exit 2).")
    String where;

    @Option(names = "--orderby", paramLabel = "COL [asc|desc]", arity = "1..2",
            description = "Sort column (not available yet: refused with exit 2).")
    List<String> orderBy;

    @Option(names = "--limit", paramLabel = "N", description = "Row limit (not available yet: refused with exit 2).")
    Long limit;

    @Option(names = "--segments", paramLabel = "N", description = "Parallel-scan segments, 1..1000000 (default: planned).")
    Integer segments;

    @Override
    void validate() {
        rates.validate();
        engine.settings();
        String unsupported = where != null ? "--where" : orderBy != null ? "--orderby" : limit != null ? "--limit" : null;
        if (unsupported != null) {
            throw BulkException.usage(unsupported + ": not supported by this version of count (the Spark SQL read path is "
                    + "not built yet); for a DynamoDB filter use 'bulk scancount --filter-expression'");
        }
        validateSegments(segments);
    }

    @Override
    int execute(RunContext run) {
        TableRef ref = ScanCountVerb.parseTable(table);
        ClientSettings settings = clientSettings(ref);
        startSparkEarly();
        DynamoSession session = new DynamoSession(settings);
        TableInfo info = session.describe(ref, index);
        printTableInfo(info, settings);
        Throughput rate = resolveRate(Throughput.Mode.READ, info, session);
        int total = segmentCount(segments, info);
        printCost(Throughput.Mode.READ, CostEstimate.scanUnits(info.sizeBytes(), false), info, rate, "read units for a full scan");
        if (dryRun) {
            err().println("--dry-run: nothing scanned.");
            return 0;
        }
        ScanSpec spec = ScanSpec.count(ref, index, total);
        List<SegmentCount> counts = CountPlan.run(spark(), run, settings, spec,
                SegmentPlanner.shuffled(total, ThreadLocalRandom.current().nextLong()), rate.rate(), info.itemCount(),
                engine.settings().timeout());
        long count = CountPlan.total(counts);
        run.count("count", count);
        out().println(String.format("Count of matching items: %,d", count));
        return 0;
    }
}
