package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.connector.ReadOptions;
import dev.bulk.connector.TypeMapping;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.SegmentPlanner;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.Checkpoints;
import dev.bulk.engine.JobBudgets;
import dev.bulk.engine.JobControl;
import dev.bulk.engine.LiveProgress;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.RunPlan;
import dev.bulk.engine.StagedFiles;
import dev.bulk.output.FailureFile;
import dev.bulk.output.ProgressLine;
import dev.bulk.output.RunContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * What delete, truncate, update and copy share: the PITR gate, --dry-run, confirmation on a
 * terminal, the run plan and its checkpoints (--resume), running the mutation job with progress
 * and Ctrl-C, and the exit code (3 when items failed; they are all in the failure files).
 */
abstract class MutationVerb extends TableVerb {
    /** Requests in flight per Spark task (local mode runs one task per core). */
    static final int DEFAULT_WRITERS_PER_TASK = 16;

    @Option(names = "--yes", description = "Do not ask for confirmation (on a terminal the plan is shown and a yes is asked "
            + "for; without a terminal the run goes ahead, as the reference tool does).")
    boolean yes;

    @Option(names = "--resume", paramLabel = "RUN_ID|DIR", description = "Continue an interrupted or failed run: the same "
            + "command plus --resume and the run id (or its folder). Finished units are skipped; the others are done again.")
    String resume;

    @Option(names = "--skip-pitr-check", description = "Write even though point-in-time recovery is off (loud warning).")
    boolean skipPitrCheck;

    @Option(names = "--segments", paramLabel = "N", description = "Scan segments (default: planned from the table size).")
    Integer segments;

    @Option(names = "--writers-per-task", paramLabel = "N", defaultValue = "16",
            description = "Write requests in flight per Spark task (default: ${DEFAULT-VALUE}).")
    int writersPerTask;

    private RunPlan resumedPlan;

    /** The flags that decide what this run changes; --resume refuses a command that differs. */
    abstract Map<String, String> fingerprint();

    void validateMutation() {
        rates.validate();
        engine.settings();
        validateSegments(segments);
        if (writersPerTask < 1 || writersPerTask > 256) {
            throw BulkException.usage("--writers-per-task: must be between 1 and 256, got " + writersPerTask);
        }
        if (resume != null && output != null) {
            throw BulkException.usage("--output " + output + ": a resumed run continues in its own folder; give that folder "
                    + "to --resume instead");
        }
        if (resume != null && dryRun) {
            throw BulkException.usage("--dry-run cannot be combined with --resume " + resume);
        }
    }

    @Override
    RunContext newRun(List<String> arguments) {
        if (resume == null) {
            return super.newRun(arguments);
        }
        Path dir = Paths.get(resume);
        if (!RunPlan.exists(dir)) {
            dir = Paths.get("bulk-output", resume);
        }
        if (!RunPlan.exists(dir)) {
            throw BulkException.usage("--resume " + resume + ": no run with a plan.json there (looked in " + Paths.get(resume)
                    + " and " + dir + ")");
        }
        RunPlan plan = RunPlan.read(dir);
        if (!plan.verb().equals(spec.name())) {
            throw BulkException.usage("--resume " + resume + ": that run was '" + plan.verb() + "', not '" + spec.name() + "'");
        }
        Map<String, String> now = fingerprint();
        for (String flag : plan.fingerprint().keySet()) {
            String current = dev.bulk.Redaction.redact(now.get(flag));
            if (!Objects.equals(plan.fingerprint().get(flag), current)) {
                throw BulkException.usage("--resume " + resume + ": " + flag + " was " + shown(plan.fingerprint().get(flag))
                        + " in that run, now " + shown(current) + "; give the same command");
            }
        }
        resumedPlan = plan;
        return RunContext.resumed(spec.name(), arguments, plan.runId(), dir, root.out(), root.err());
    }

    private static String shown(String value) {
        return value == null ? "not given" : "'" + value + "'";
    }

    boolean resuming() {
        return resumedPlan != null;
    }

    /** The PITR gate on the table this run writes. */
    void requirePitr(DynamoSession session, TableRef written) {
        MutationGuard.requirePitr(session, written, skipPitrCheck, err());
    }

    /** The shuffled segment units of a new run, or the units of the resumed run's plan; the plan is written first. */
    List<MutationJob.Unit> scanUnits(RunContext run, TableInfo info) {
        if (resumedPlan != null) {
            return resumedPlan.units();
        }
        int total = segmentCount(segments, info);
        List<Integer> order = SegmentPlanner.shuffled(total, ThreadLocalRandom.current().nextLong());
        // One unit per Spark task; many units make resuming fine-grained, too many cost scheduling.
        int perUnit = Math.max(1, (total + 4095) / 4096);
        List<MutationJob.Unit> units = MutationJob.segmentUnits(order, perUnit);
        if (!dryRun) {
            new RunPlan(run.runId(), spec.name(), fingerprint(), units).write(run.outputDir());
        }
        return units;
    }

    /** A --where run's units and where its matches are staged. */
    record Staged(List<MutationJob.Unit> units, String uri, long count) {
    }

    /**
     * The first pass of a --where run: the exact matches of {@code where} (then --orderby/--limit)
     * as DynamoDB JSON lines ({@code toLine} may cut each item down, e.g. to its key), staged in
     * random order beside the results, one unit per file. The plan is written before the pass, so
     * a run killed while staging can be resumed (the pass is then done again); a resumed run whose
     * matches were staged keeps them.
     */
    Staged stage(RunContext run, SparkSession spark, String tableValue, ReadTarget read, String where, List<String> orderBy,
            Long limit, MapFunction<String, String> toLine) throws IOException {
        String uri = stagedUri(run, spark);
        List<MutationJob.Unit> units = resumedPlan != null && !resumedPlan.units().isEmpty() ? resumedPlan.units() : null;
        if (units == null) {
            printScanCost(read.info(), read.rate(), false);
            Map<String, String> fs = StagedFiles.fsSettings(spark);
            Map<String, String> options = ReadOptions.toMap(tableValue, null, read.settings(), segments, read.rate().rate(),
                    false, ReadOptions.Pushdown.all(), run.runId());
            Dataset<Row> rows = TableQuery.orderBy(TableQuery.where(spark, TableQuery.load(spark, options, null), where, err()),
                    orderBy);
            if (limit != null) {
                rows = rows.limit(limit.intValue());
            }
            Dataset<String> items = rows.select(TypeMapping.ITEM_COLUMN).as(Encoders.STRING());
            Dataset<String> lines = toLine == null ? items : items.map(toLine, Encoders.STRING());
            int parts = limit != null ? (int) Math.max(1, Math.min(64, limit / 2_000)) : 64;
            if (!dryRun) {
                new RunPlan(run.runId(), spec.name(), fingerprint(), List.of()).write(run.outputDir());
            }
            StagedFiles.delete(uri, fs);
            TableQuery.run(spark, run, spec.name() + " " + tableValue + ": finding the matches", engine.settings().timeout(),
                    read.info().itemCount(), () -> {
                        lines.repartition(parts).write().text(uri);
                        return null;
                    });
            units = MutationJob.fileUnits(StagedFiles.parts(uri, fs));
            if (!dryRun) {
                new RunPlan(run.runId(), spec.name(), fingerprint(), units).write(run.outputDir());
            }
        }
        long count = spark.read().text(uri).count();
        run.count("matched", count);
        err().println(String.format("Found %,d matching items (staged in %s)", count, uri));
        return new Staged(units, uri, count);
    }

    /**
     * Where a run stages the matches of its --where: beside the results, so the executors of a
     * cluster can reach it (an s3:// --output uses the AWS credentials of --profile).
     */
    private String stagedUri(RunContext run, SparkSession spark) {
        if (run.remoteResult()) {
            dev.bulk.output.S3Access.configure(spark, null, target.profile());
        }
        String result = run.resultUri();
        return result.substring(0, result.length() - "result".length()) + "staged";
    }

    /** The full-scan read cost (and the plan's budget) before a scan-based mutation. */
    void printScanCost(TableInfo info, Throughput readRate, boolean keysOnly) {
        printCost(Throughput.Mode.READ, CostEstimate.scanUnits(info.sizeBytes(), false), info, readRate,
                "read units for a full scan" + (keysOnly ? " (keys only are returned; DynamoDB still reads whole items)" : ""));
    }

    /** The write cost of changing {@code items} items of the table's average size. */
    void printWriteCost(TableInfo written, long items, double averageBytes, Throughput writeRate, String what) {
        printCost(Throughput.Mode.WRITE, CostEstimate.writeUnits(items, averageBytes), written, writeRate,
                String.format("write units for %s %,d items (secondary indexes not included)", what, items));
    }

    static double averageItemBytes(TableInfo info) {
        return info.itemCount() > 0 ? (double) info.sizeBytes() / info.itemCount() : 1024;
    }

    /** Asks before changing anything: on a terminal unless --yes; without one the run goes ahead. */
    void confirm(String question) {
        if (!Confirmation.ask(err(), question, yes, System.console() != null, Confirmation.stdinLine())) {
            throw new BulkException(BulkException.Kind.FAILED, "not confirmed: nothing was changed");
        }
    }

    MutationAction.Target target(SparkSession spark, ClientSettings settings, TableRef table, TableInfo info,
            Throughput writeRate, boolean dry) {
        Budget budget = JobBudgets.of(spark, "write:" + table.apiName() + "@" + settings.describe(), writeRate.rate());
        return new MutationAction.Target(settings, table.apiName(), info.keySchema(), budget, writersPerTask, dry);
    }

    Budget readBudget(SparkSession spark, ClientSettings settings, TableRef table, Throughput readRate) {
        return JobBudgets.of(spark, "read:" + table.apiName() + "@" + settings.describe(), readRate.rate());
    }

    MutationJob.Spec spec(RunContext run, ClientSettings readSettings, ScanSpec scan, Budget readBudget,
            MutationAction action, String failureTable, boolean shuffle, SparkSession spark) {
        return new MutationJob.Spec(readSettings, scan, readBudget, action,
                new FailureFile.Location(run.outputDir().toAbsolutePath().toString(), failureTable), run.runId(), shuffle,
                StagedFiles.fsSettings(spark));
    }

    /**
     * Runs the units not yet checkpointed and returns the counts of the whole run, the units a
     * resumed run had finished before included. A dry run writes no checkpoints.
     */
    MutationJob.Counts runUnits(RunContext run, SparkSession spark, MutationJob.Spec jobSpec, List<MutationJob.Unit> units,
            String label, long expectedItems) {
        Checkpoints checkpoints = new Checkpoints(run.outputDir());
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
        if (resuming()) {
            checkpoints.removeFailuresOfUnfinished(finished.keySet());
            err().println(String.format("Resuming run %s: %,d of %,d units already done (%,d items), %,d to go.", run.runId(),
                    units.size() - remaining.size(), units.size(), before.processed(), remaining.size()));
        }
        MutationJob.Accumulators accumulators = new MutationJob.Accumulators(spark);
        long start = System.nanoTime();
        MutationJob.Counts now;
        try (JobControl control = new JobControl(spark.sparkContext(), run.runId(), spec.name() + " " + run.runId(),
                engine.settings().timeout());
                ProgressLine progress = new ProgressLine(err(), ProgressLine.terminal(), label,
                        () -> Math.max(accumulators.totals().processed(), LiveProgress.items(run.runId())),
                        () -> Math.round(accumulators.totals().writeUnits() * 1000), expectedItems)) {
            try {
                now = MutationJob.run(spark, jobSpec, remaining, accumulators, dryRun ? null : checkpoints);
            } catch (Exception e) {
                MutationJob.Counts partial = before.plus(accumulators.totals());
                record(run, partial);
                BulkException failure = Failures.fromJob(e, control, partial.done(), "items confirmed written");
                if (failure.kind() == BulkException.Kind.USAGE || dryRun) {
                    throw failure;
                }
                throw new BulkException(failure.kind(), failure.getMessage() + ". Nothing is lost: finished units are "
                        + "checkpointed; to finish, run the same command with --resume " + resumeHandle(run), failure);
            } finally {
                LiveProgress.forget(run.runId());
            }
        }
        run.count("workSeconds", (System.nanoTime() - start) / 1e9);
        MutationJob.Counts total = before.plus(now);
        record(run, total);
        return total;
    }

    /** What to give --resume: the run id when the run folder is the default one, else the folder. */
    private static String resumeHandle(RunContext run) {
        return run.outputDir().equals(Paths.get("bulk-output", run.runId())) ? run.runId() : run.outputDir().toString();
    }

    private static void record(RunContext run, MutationJob.Counts counts) {
        run.count("processed", counts.processed());
        run.count("readUnits", counts.readUnits());
        run.count("writeUnits", counts.writeUnits());
        run.count("failed", counts.failed());
    }

    /** Exit 0, or 3 with the failure folder named when items failed. */
    int exitCode(RunContext run, MutationJob.Counts counts) {
        err().println(String.format("Units consumed: %,.1f read, %,.1f write", counts.readUnits(), counts.writeUnits()));
        if (counts.failed() > 0) {
            err().println(String.format("%,d items failed; each is listed with its key and error in %s", counts.failed(),
                    run.outputDir().resolve("failures")));
            return 3;
        }
        return 0;
    }

    /** Asking on a terminal; separate so it can be tested without one. */
    static final class Confirmation {
        private Confirmation() {
        }

        static boolean ask(PrintStream err, String question, boolean yes, boolean terminal, Supplier<String> readLine) {
            if (yes) {
                return true;
            }
            if (!terminal) {
                err.println("(no terminal: going ahead without asking; pass --yes to say so explicitly)");
                return true;
            }
            err.print(question + " [y/N] ");
            err.flush();
            String answer = readLine.get();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        }

        static Supplier<String> stdinLine() {
            return () -> {
                try {
                    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    return null;
                }
            };
        }
    }

}
