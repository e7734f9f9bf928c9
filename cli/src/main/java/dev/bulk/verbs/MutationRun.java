package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.connector.ReadOptions;
import dev.bulk.connector.TypeMapping;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.FailureFile;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentPlanner;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.Checkpoints;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.StagedFiles;
import dev.bulk.engine.UnitJournal;
import dev.bulk.output.RunContext;
import dev.bulk.output.RunFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The run of a verb that writes a table from a scan or from files (delete, truncate, update, copy,
 * load-export, revert-export; load uses its write target): the run plan and its checkpoints,
 * staging the matches of a --where, running the mutation job with progress and Ctrl-C, and the
 * exit code (3 when items failed; they are all in the failure files).
 */
public final class MutationRun {
    /** How long a stopped run waits for its cancelled tasks to close their writers (they wait 30 s for theirs). */
    static final Duration JOURNAL_WAIT = Duration.ofSeconds(45);

    private final String verb;
    private final Tables tables;
    private final RunFolder folder;
    private final boolean dryRun;
    private final int writersPerTask;
    /** --segments of the verbs that scan the table they change; null for those that read files. */
    private final SegmentsOption segments;
    private final Function<MutationJob.Unit, UnitJournal.Redo> redo;
    /** --consistent-read of the verbs that scan the table they change (or copy from). */
    private final boolean consistentRead;
    private final String profile;
    private final PrintStream err;

    /**
     * A verb's mutation run. {@code redo} says what a redo of a unit does with the items an earlier
     * attempt at it handled (update and copy do them again: {@link UnitJournal.Redo#REPEATS}).
     */
    public MutationRun(TableVerb verb, RunFolder folder, WritersOption writers, SegmentsOption segments,
            Function<MutationJob.Unit, UnitJournal.Redo> redo) {
        this(verb, folder, writers, segments, null, redo);
    }

    /** A run whose scans (the full scan and the staging pass of a --where) honour {@code consistent}. */
    public MutationRun(TableVerb verb, RunFolder folder, WritersOption writers, SegmentsOption segments,
            ConsistentReadOption consistent, Function<MutationJob.Unit, UnitJournal.Redo> redo) {
        this.consistentRead = consistent != null && consistent.consistentRead();
        this.verb = verb.spec.name();
        this.tables = verb.tables();
        this.folder = folder;
        this.dryRun = verb.dryRun();
        this.writersPerTask = writers.writersPerTask();
        this.segments = segments;
        this.redo = redo;
        this.profile = verb.target.profile();
        this.err = verb.err();
    }

    private Integer segments() {
        return segments == null ? null : segments.segments();
    }

    /** The shuffled segment units of a new run, or the units of the resumed run's plan; the plan is written first. */
    public List<MutationJob.Unit> scanUnits(RunContext run, TableInfo info) {
        if (folder.resuming()) {
            return folder.resumedPlan().units();
        }
        int total = tables.segmentCount(segments(), info);
        List<Integer> order = SegmentPlanner.shuffled(total, ThreadLocalRandom.current().nextLong());
        // One unit per Spark task; many units make resuming fine-grained, too many cost scheduling.
        int perUnit = Math.max(1, (total + 4095) / 4096);
        List<MutationJob.Unit> units = MutationJob.segmentUnits(order, perUnit);
        folder.writePlan(run, units);
        return units;
    }

    /** A --where run's units and where its matches are staged. */
    public record Staged(List<MutationJob.Unit> units, String uri, long count) {
    }

    /**
     * The first pass of a --where run: the exact matches of {@code where} (then --orderby/--limit)
     * as DynamoDB JSON lines ({@code toLine} may cut each item down, e.g. to its key), staged in
     * random order beside the results, one unit per file. The plan is written before the pass, so
     * a run killed while staging can be resumed (the pass is then done again); a resumed run whose
     * matches were staged keeps them.
     */
    public Staged stage(RunContext run, SparkSession spark, String tableValue, Tables.ReadTarget read, ReadRateOptions rates,
            String where, List<String> orderBy, Long limit, MapFunction<String, String> toLine) throws IOException {
        String uri = stagedUri(run, spark);
        List<MutationJob.Unit> units = folder.resuming() && !folder.resumedPlan().units().isEmpty()
                ? folder.resumedPlan().units() : null;
        if (units == null) {
            printScanCost(rates, read.info(), read.rate(), false);
            Map<String, String> fs = StagedFiles.fsSettings(spark);
            Map<String, String> options = ReadOptions.toMap(tableValue, null, read.settings(), segments(), read.rate().rate(),
                    consistentRead, ReadOptions.Pushdown.all(), run.runId());
            Dataset<Row> rows = TableQuery.orderBy(TableQuery.where(spark, TableQuery.load(spark, options, null), where, err),
                    orderBy);
            if (limit != null) {
                rows = rows.limit(limit.intValue());
            }
            Dataset<String> items = rows.select(TypeMapping.ITEM_COLUMN).as(Encoders.STRING());
            Dataset<String> lines = toLine == null ? items : items.map(toLine, Encoders.STRING());
            int parts = limit != null ? (int) Math.max(1, Math.min(64, limit / 2_000)) : 64;
            folder.writePlan(run, List.of());
            StagedFiles.delete(uri, fs);
            TableQuery.run(spark, run, verb + " " + tableValue + ": finding the matches", tables.timeout(),
                    read.info().itemCount(), () -> {
                        lines.repartition(parts).write().text(uri);
                        return null;
                    });
            units = MutationJob.fileUnits(StagedFiles.parts(uri, fs));
            folder.writePlan(run, units);
        }
        long count = spark.read().text(uri).count();
        run.count("matched", count);
        err.println(String.format("Found %,d matching items (staged in %s)", count, uri));
        return new Staged(units, uri, count);
    }

    private String stagedUri(RunContext run, SparkSession spark) {
        return stagingUri(run, spark, RunFiles.STAGED);
    }

    /**
     * Where a run stages what it found (the matches of its --where in {@code staged}): beside the
     * results, so the executors of a cluster can reach it (an s3:// --output uses the AWS
     * credentials of --profile).
     */
    public String stagingUri(RunContext run, SparkSession spark, String folderName) {
        if (run.remoteResult()) {
            dev.bulk.output.S3Access.configure(spark, null, profile);
        }
        String result = run.resultUri();
        return result.substring(0, result.length() - "result".length()) + folderName;
    }

    /** The full-scan read cost (and the plan's budget) before a scan-based mutation. */
    public void printScanCost(ReadRateOptions rates, TableInfo info, Throughput readRate, boolean keysOnly) {
        tables.printReadCost(rates, CostEstimate.scanUnits(info.sizeBytes(), consistentRead), info, readRate,
                "read units for a full scan" + (consistentRead ? ", strongly consistent" : "")
                        + (keysOnly ? " (keys only are returned; DynamoDB still reads whole items)" : ""));
    }

    /** The write cost of changing {@code items} items of the table's average size. */
    public void printWriteCost(WriteRateOptions rates, TableInfo written, long items, double averageBytes, Throughput writeRate,
            String what) {
        tables.printWriteCost(rates, CostEstimate.writeUnits(items, averageBytes), written, writeRate,
                String.format("write units for %s %,d items (secondary indexes not included)", what, items));
    }

    public static double averageItemBytes(TableInfo info) {
        return info.itemCount() > 0 ? (double) info.sizeBytes() / info.itemCount() : 1024;
    }

    public MutationAction.Target target(RunContext run, SparkSession spark, ClientSettings settings, TableRef table, TableInfo info,
            Throughput writeRate, boolean dry) {
        Budget budget = run.budget(spark, "write:" + table.apiName() + "@" + settings.describe(), writeRate.rate());
        return new MutationAction.Target(settings, table.apiName(), info.keySchema(), budget, writersPerTask, dry);
    }

    public Budget readBudget(RunContext run, SparkSession spark, ClientSettings settings, TableRef table, Throughput readRate) {
        return run.budget(spark, "read:" + table.apiName() + "@" + settings.describe(), readRate.rate());
    }

    public MutationJob.Spec spec(RunContext run, ClientSettings readSettings, ScanSpec scan, Budget readBudget,
            MutationAction action, String failureTable, boolean shuffle, SparkSession spark) {
        // The one place a scan-based run's ScanSpec is finished: --consistent-read reaches every Scan it sends.
        ScanSpec read = scan == null ? null : scan.withConsistentRead(consistentRead || scan.consistentRead());
        return new MutationJob.Spec(readSettings, read, readBudget, action,
                new FailureFile.Location(run.outputDir().toAbsolutePath().toString(), failureTable), run.runId(), shuffle,
                spark == null ? Map.of() : StagedFiles.fsSettings(spark));
    }

    /**
     * Runs the units not yet checkpointed and returns the counts of the whole run, the units a
     * resumed run had finished before included. A dry run writes no checkpoints. A null
     * {@code spark} runs them on the direct engine ({@link Tables#sparkUnlessDirect}).
     */
    public MutationJob.Counts runUnits(RunContext run, SparkSession spark, MutationJob.Spec jobSpec, List<MutationJob.Unit> units,
            String label, long expectedItems) {
        Checkpoints checkpoints = new Checkpoints(run.outputDir(), redo::apply);
        Map<String, MutationJob.Counts> finished = dryRun ? Map.of() : checkpoints.completed();
        Set<String> planned = new HashSet<>();
        units.forEach(unit -> planned.add(unit.id()));
        MutationJob.Counts before = MutationJob.Counts.ZERO;
        for (Map.Entry<String, MutationJob.Counts> entry : finished.entrySet()) {
            if (planned.contains(entry.getKey())) {
                before = before.plus(entry.getValue());
            }
        }
        List<MutationJob.Unit> remaining = new ArrayList<>();
        for (MutationJob.Unit unit : units) {
            if (!finished.containsKey(unit.id())) {
                remaining.add(unit);
            }
        }
        if (folder.resuming()) {
            checkpoints.removeFailuresOfUnfinished(finished.keySet());
            err.println(String.format("Resuming run %s: %,d of %,d units already done (%,d items), %,d to go.", run.runId(),
                    units.size() - remaining.size(), units.size(), before.processed(), remaining.size()));
        }
        long startMillis = System.currentTimeMillis();
        boolean dry = dryRun;
        MutationJob.Counts confirmedBefore = before;
        // The counts of the units that finished: Spark's accumulators, or the direct engine's tally.
        MutationJob.Accumulators accumulators = spark == null ? null : new MutationJob.Accumulators(spark);
        MutationJob.Tally tally = new MutationJob.Tally();
        Supplier<MutationJob.Counts> finishedUnits = accumulators == null ? tally::totals : accumulators::totals;
        JobRunner.Job job = JobRunner.Job.of(verb + " " + run.runId(), label, expectedItems)
                .counting(() -> finishedUnits.get().processed(), () -> Math.round(finishedUnits.get().writeUnits() * 1000))
                .whenStopped(() -> {
                    MutationJob.Counts partial = dry ? confirmedBefore.plus(finishedUnits.get())
                            : stopped(checkpoints, units, startMillis);
                    record(run, partial);
                    run.count(label, partial.done());
                    return String.format("%,d items confirmed %s", partial.done(), dry ? "by the tasks that finished" : label);
                });
        MutationJob.Counts now;
        try {
            now = spark == null
                    ? MutationJob.runDirect(tables.directRunner(run, 1), job, jobSpec, remaining, tally, dry ? null : checkpoints)
                    : tables.runner(spark, run).run(job,
                            () -> MutationJob.run(spark, jobSpec, remaining, accumulators, dry ? null : checkpoints));
        } catch (BulkException failure) {
            if (failure.kind() == BulkException.Kind.USAGE || dry) {
                throw failure;
            }
            throw new BulkException(failure.kind(), failure.getMessage() + ". Nothing is lost: finished units are "
                    + "checkpointed; to finish, run the same command with --resume " + RunFolder.resumeHandle(run), failure);
        }
        // The checkpoints hold what redone units add to the confirmed work of their killed or cancelled attempts.
        MutationJob.Counts total = dryRun ? before.plus(now) : checkpoints.confirmed(units);
        record(run, total);
        return total;
    }

    /**
     * The confirmed counts of a stopped run: the cancelled tasks' accumulators are gone, so they
     * come from the checkpoints and, for the units that did not finish, from their journals,
     * once the cancelled tasks have closed their writers.
     */
    public static MutationJob.Counts stopped(Checkpoints checkpoints, List<MutationJob.Unit> units, long startMillis) {
        checkpoints.awaitJournal(startMillis, JOURNAL_WAIT);
        return checkpoints.confirmed(units);
    }

    /** Waits until the tasks of a stopped run (started since {@code startMillis}) have journaled their last confirmations. */
    public static void awaitJournal(RunContext run, long startMillis) {
        new Checkpoints(run.outputDir()).awaitJournal(startMillis, JOURNAL_WAIT);
    }

    /** The counts every mutation run reports in summary.json (a run of two jobs records their sum). */
    public static void record(RunContext run, MutationJob.Counts counts) {
        run.count("processed", counts.processed());
        run.count("readUnits", counts.readUnits());
        run.count("writeUnits", counts.writeUnits());
        run.count("failed", counts.failed());
    }

    /** Exit 0, or 3 with the failure folder named when items failed. */
    public int exitCode(RunContext run, MutationJob.Counts counts) {
        err.println(String.format("Units consumed: %,.1f read, %,.1f write", counts.readUnits(), counts.writeUnits()));
        if (counts.failed() > 0) {
            err.println(String.format("%,d items failed; each is listed with its key and error in %s", counts.failed(),
                    run.outputDir().resolve("failures")));
            return ExitCodes.PARTIAL;
        }
        return ExitCodes.OK;
    }

}
