package dev.bulk.verbs.diff;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.diff.DiffJob;
import dev.bulk.output.ResultWriter;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.ConsistentReadOption;
import dev.bulk.verbs.FormatOption;
import dev.bulk.verbs.OutputCheck;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.S3Option;
import dev.bulk.verbs.SampleOptions;
import dev.bulk.verbs.SegmentsOption;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.Tables;
import dev.bulk.verbs.TargetOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares two tables with the same primary key and reports the keys added (+), removed (-) and changed (*).",
                "Values compare by DynamoDB type: numbers as numbers (1 equals 1.0), sets as sets, binary by bytes; the output "
                        + "is sorted by key in DynamoDB order. The first 10 differences are printed, all of them written to "
                        + "the output folder.",
                "Each table has its own read budget (--XMaxReadRate applies per table). The tables may be in other "
                        + "regions, accounts or endpoints: tables as ARNs, or --table2-profile/-region/-endpoint (the plain "
                        + "--profile/--region/--endpoint/--local apply to both). Exit 0 whether or not differences are found."})
public final class DiffVerb extends TableVerb {
    @Mixin
    ReadRateOptions readRates;

    @Mixin
    TableOption tableOption;

    @Option(names = "--table2", required = true, paramLabel = "NAME|ARN", description = "The second table (its items are '+').")
    String table2;

    @Mixin
    FormatOption format;

    @Mixin
    SampleOptions sample;

    @Mixin
    SegmentsOption segmentsOption;

    @Mixin
    ConsistentReadOption consistentRead;

    @Option(names = "--table2-profile", paramLabel = "NAME", description = "AWS profile for --table2.")
    String table2Profile;

    @Option(names = "--table2-region", paramLabel = "REGION", description = "Region of --table2.")
    String table2Region;

    @Option(names = "--table2-endpoint", paramLabel = "URL", description = "DynamoDB endpoint of --table2.")
    String table2Endpoint;

    @Mixin
    S3Option s3Option;

    @Option(names = "--s3",
            description = "The reference's 'write the diff to S3'. Here the whole diff is always written to the run folder; "
                    + "give --output s3://bucket/prefix to have it in S3 (without it, --s3 says so and the diff stays local).")
    boolean s3;

    @Option(names = "--scans-per-task", paramLabel = "N", defaultValue = "4",
            description = "Segments a Spark task compares at once. Default: ${DEFAULT-VALUE}.")
    int scansPerTask;

    private boolean full;

    @Override
    protected boolean readOnly() {
        return true;
    }

    @Override
    protected void validate() {
        readRates.validate();
        segmentsOption.validate();
        String given = format.orDefault("keys");
        String chosen = given.toLowerCase(Locale.ROOT);
        if (!chosen.equals("keys") && !chosen.equals("full") && !chosen.equals("compact")) {
            throw BulkException.usage("--format: '" + given + "' is not a diff format; use keys or full");
        }
        // The reference's README calls the keys format "compact".
        full = chosen.equals("full");
        sample.validate();
        if (scansPerTask < 1 || scansPerTask > 256) {
            throw BulkException.usage("--scans-per-task: must be between 1 and 256, got " + scansPerTask);
        }
        if (table2Endpoint != null) {
            TargetOptions.validateEndpoint("--table2-endpoint", table2Endpoint);
        }
    }

    /** One table, described, with its settings, budget and planned cost. */
    private record Side(TableRef ref, ClientSettings settings, DynamoSession session, TableInfo info) {
    }

    /** Both tables described, the same segments of each scanned and compared, the differences written. */
    @Override
    protected int execute(RunContext run) {
        Side first = side("--table", tableOption.table(), null, null, null);
        Side second = side("--table2", table2, table2Endpoint, table2Region, table2Profile);
        tables().startSparkEarly();
        first = describe("--table", first);
        second = describe("--table2", second);
        if (!first.info().keySchema().equals(second.info().keySchema())) {
            throw BulkException.usage("--table2 " + table2 + ": primary key schema mismatch between '" + first.info().tableName()
                    + "' (" + first.info().keySchema() + ") and '" + second.info().tableName() + "' ("
                    + second.info().keySchema() + ")");
        }
        SparkSession spark = tables().spark();
        OutputCheck.writable(spark, run, s3Option.s3Endpoint(), target);
        Plan plan = plan(run, first, second);
        if (s3 && !run.remoteResult()) {
            err().println("--s3: the diff is written to the local run folder; give --output s3://bucket/prefix to write it to S3");
        }
        if (dryRun()) {
            err().println("--dry-run: nothing read.");
            return ExitCodes.OK;
        }
        DiffJob.Result result = compare(run, spark, plan);
        run.file("result", run.resultUri());
        run.count("differences", result.lines(full));
        run.count("removed", result.removed());
        run.count("added", result.added());
        run.count("changed", result.changed());
        printResult(run, result);
        return ExitCodes.OK;
    }

    /** The two sides with their budgets, and the segments compared out of how many. */
    private record Plan(Side first, Throughput firstRate, Side second, Throughput secondRate, int total, List<Integer> chosen) {
        double share() {
            return (double) chosen.size() / total;
        }
    }

    /** The segment plan, each table's info block, budget and cost, and the total; nothing is read yet. */
    private Plan plan(RunContext run, Side first, Side second) {
        Integer segments = segmentsOption.segments();
        int total = Math.max(tables().segmentCount(segments, first.info()), tables().segmentCount(segments, second.info()));
        List<Integer> chosen = sample.choose(total);
        double share = (double) chosen.size() / total;
        tables().printTableInfo(first.info(), first.settings());
        Throughput firstRate = tables().readRate(readRates, first.info(), first.session());
        CostEstimate firstCost = tables().printReadCost(readRates, scanUnits(first.info(), share), first.info(), firstRate,
                "read units for scanning '" + first.info().tableName() + "'");
        tables().printTableInfo(second.info(), second.settings());
        Throughput secondRate = tables().readRate(readRates, second.info(), second.session());
        CostEstimate secondCost = tables().printReadCost(readRates, scanUnits(second.info(), share), second.info(), secondRate,
                "read units for scanning '" + second.info().tableName() + "'");
        err().println(String.format("TOTAL DynamoDB cost for scanning both tables (approx): $%s",
                dollars(firstCost.dollars() + secondCost.dollars())));
        warnIfIndexesDiffer(first.info(), second.info());
        err().println("Segments: " + total + (segments == null ? " (planned)" : " (--segments)") + ", the same on both tables");
        if (chosen.size() < total) {
            err().println("Sampling " + SampleOptions.percent(share) + "% of segments (" + chosen.size() + " of " + total
                    + " total), the same on both tables: " + describeSegments(chosen));
        }
        run.count("totalSegments", total);
        run.count("segmentsCompared", chosen.size());
        return new Plan(first, firstRate, second, secondRate, total, chosen);
    }

    /** The diff job over the chosen segments of both tables, with progress, Ctrl-C and --XTimeout. */
    private DiffJob.Result compare(RunContext run, SparkSession spark, Plan plan) {
        Side first = plan.first();
        Side second = plan.second();
        DiffJob.Spec spec = new DiffJob.Spec(
                new DiffJob.Side(first.settings(), scan(first.ref(), plan.total()),
                        run.budget(spark, "read:--table:" + first.ref().apiName() + "@" + first.settings().describe(),
                                plan.firstRate().rate())),
                new DiffJob.Side(second.settings(), scan(second.ref(), plan.total()),
                        run.budget(spark, "read:--table2:" + second.ref().apiName() + "@" + second.settings().describe(),
                                plan.secondRate().rate())),
                first.info().keySchema(), full, run.runId(), scansPerTask);
        DiffJob.Accumulators counters = new DiffJob.Accumulators(spark);
        long expected = Math.round((first.info().itemCount() + second.info().itemCount()) * plan.share());
        JobRunner.Job job = JobRunner.Job.of("diff " + first.info().tableName() + " " + second.info().tableName(), "compared",
                expected).counting(counters::items, counters::unitsMilli)
                .whenStopped(() -> JobFailures.finished(counters.items(), "items compared"));
        try {
            DiffJob.Result result = tables().runner(spark, run).run(job,
                    () -> DiffJob.run(spark, spec, plan.chosen(), counters, run.resultUri(), ResultWriter.PREVIEW_ROWS));
            run.count("scanSeconds", result.scanSeconds());
            return result;
        } finally {
            recordReads(run, counters);
        }
    }

    /** One side's table and client settings (--table: the shared ones; --table2: its own, else the shared), not yet described. */
    private Side side(String flag, String table, String endpoint, String region, String profile) {
        TableRef ref = Tables.parseTable(flag, table);
        ClientSettings settings = flag.equals("--table") ? tables().clientSettings(ref)
                : tables().sideSettings(flag.substring(2), ref, endpoint, region, profile);
        return new Side(ref, settings, null, null);
    }

    private static Side describe(String flag, Side side) {
        DynamoSession session = new DynamoSession(side.settings());
        return new Side(side.ref(), side.settings(), session, Tables.describeSide(flag, side.ref(), session));
    }

    private ScanSpec scan(TableRef ref, int total) {
        return new ScanSpec(ref, null, total, false, null, null, null, null, consistentRead.consistentRead());
    }

    private double scanUnits(TableInfo info, double share) {
        return CostEstimate.scanUnits((long) Math.ceil(info.sizeBytes() * share), consistentRead.consistentRead());
    }

    private void warnIfIndexesDiffer(TableInfo first, TableInfo second) {
        TreeSet<String> a = new TreeSet<>(first.indexNames());
        TreeSet<String> b = new TreeSet<>(second.indexNames());
        if (!a.equals(b)) {
            err().println("warning: the tables' secondary indexes differ ('" + first.tableName() + "': " + a + ", '"
                    + second.tableName() + "': " + b + "); only the items are compared");
        }
    }

    private static String describeSegments(List<Integer> chosen) {
        List<Integer> sorted = new ArrayList<>(chosen);
        Collections.sort(sorted);
        if (sorted.size() > 40) {
            return sorted.subList(0, 40).toString().replace("]", ", ...]");
        }
        return sorted.toString();
    }

    private static void recordReads(RunContext run, DiffJob.Accumulators counters) {
        run.count("itemsTable", counters.firstItems.value());
        run.count("itemsTable2", counters.secondItems.value());
        run.count("readUnitsTable", counters.firstUnitsMilli.value() / 1000.0);
        run.count("readUnitsTable2", counters.secondUnitsMilli.value() / 1000.0);
        run.count("readUnits", counters.unitsMilli() / 1000.0);
        // Items whose key was not in the same segment of the other table (adds, removes, and keys the
        // two tables segment differently): these went through the join step.
        run.count("unmatchedInSegment", counters.unmatched.value());
    }

    /**
     * The result as the reference prints it: the count is of lines (in full format a change is two),
     * the first ten lines, the rest counted, where all of them are; numbers in the lines a script
     * parses carry no thousands separators, the "Wrote" line does.
     */
    private void printResult(RunContext run, DiffJob.Result result) {
        long total = result.lines(full);
        err().println(String.format("Compared %,d items of '%s' with %,d items of '%s'. Read units consumed: %,.1f + %,.1f",
                (long) run.countValue("itemsTable"), tableOption.table(), (long) run.countValue("itemsTable2"), table2,
                run.countValue("readUnitsTable"), run.countValue("readUnitsTable2")));
        if (total == 0) {
            out().println("No differences found");
            out().println();
            return;
        }
        List<String> lines = result.preview().stream().flatMap(String::lines).limit(ResultWriter.PREVIEW_ROWS).toList();
        out().println(total <= ResultWriter.PREVIEW_ROWS ? total + " differences:"
                : "First " + ResultWriter.PREVIEW_ROWS + " of " + total + " differences:");
        lines.forEach(out()::println);
        if (total > ResultWriter.PREVIEW_ROWS) {
            out().println("...and " + (total - ResultWriter.PREVIEW_ROWS) + " more not printed");
        }
        out().println();
        String where = RunContext.shown(run.resultUri()) + "/";
        out().println(String.format("Wrote %,d differences to %s", total, where));
        out().println();
    }

    private static String dollars(double amount) {
        return amount > 0 && amount < 0.01 ? String.format("%.5f", amount) : String.format("%,.2f", amount);
    }
}
