package dev.bulk.verbs.mutate;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.Budget;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.CostEstimate;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.FailureFile;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.Checkpoints;
import dev.bulk.engine.JobFailures;
import dev.bulk.engine.JobRunner;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.UnitJournal;
import dev.bulk.engine.fill.FillJob;
import dev.bulk.output.RunContext;
import dev.bulk.scripts.ItemGenerator;
import dev.bulk.scripts.ScriptKind;
import dev.bulk.scripts.ScriptRef;
import dev.bulk.verbs.GeneratorOption;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.NumItemsOption;
import dev.bulk.verbs.ResumeOption;
import dev.bulk.verbs.RunFolder;
import dev.bulk.verbs.SafetyOptions;
import dev.bulk.verbs.ScriptsDirOption;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.Tables;
import dev.bulk.verbs.WriteRateOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(name = "fill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes exactly --numitems generated items into a table (BatchWriteItem, rate limited).",
                "Built-in generators: default, nosk, users, multi_entity_relationship. Your own: a single-file Java source at",
                "scripts/fill/NAME.java (or --generator path/to/File.java) with a public class implementing",
                "dev.bulk.scripts.ItemGenerator; it is compiled at run time and shipped to the executors.",
                "Items with an existing key overwrite it. The count reported is what DynamoDB confirmed.",
                "On a terminal the plan is shown and a yes is asked for (--yes to skip). Resumable with --resume: finished "
                        + "units are skipped and an unfinished one writes only what its earlier attempts had not had "
                        + "confirmed (a kill can lose the confirmations of its last moment, so a few more items may be "
                        + "written then)."})
public final class FillVerb extends TableVerb {
    private static final int SAMPLE_CALLS = 10;

    @Mixin
    WriteRateOptions writeRates;

    @Mixin
    SafetyOptions safety;

    @Mixin
    ResumeOption resume;

    @Mixin
    TableOption tableOption;

    @Mixin
    GeneratorOption generator;

    @Mixin
    NumItemsOption numItemsOption;

    @Mixin
    ScriptsDirOption scripts;

    private long numItems;
    private RunFolder folder;

    @Override
    protected void validate() {
        writeRates.validate();
        generator.required();
        numItems = numItemsOption.required();
    }

    @Override
    protected RunContext openRun(List<String> arguments) {
        folder = runFolder(resume, this::fingerprint);
        return folder.open(arguments);
    }

    private Map<String, String> fingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--table", tableOption.table());
        flags.put("--generator", generator.generator());
        flags.put("--numitems", Long.toString(numItems));
        return flags;
    }

    /** The table and generator checked, then the generated items written in units, then the counts. */
    @Override
    protected int execute(RunContext run) {
        ScriptRef script = generator.resolve(ScriptKind.FILL, scripts);
        TableRef ref = Tables.parseTable("--table", tableOption.table());
        ClientSettings settings = tables().clientSettings(ref);
        if (!tables().chooseEngine(null)) {
            tables().startSparkEarly();
        }
        DynamoSession session = new DynamoSession(settings);
        TableInfo info = session.describe(ref, null);
        double averageBytes = sample(script, info);
        safety.requirePitr(session, ref, err());
        tables().printTableInfo(info, settings);
        Throughput rate = tables().writeRate(writeRates, info, session);
        err().println(String.format("Generator '%s': items average ~%,.0f bytes (from %d sample calls)", script.displayName(),
                averageBytes, SAMPLE_CALLS));
        tables().printWriteCost(writeRates, CostEstimate.writeUnits(numItems, averageBytes), info, rate,
                String.format("write units for %,d items (secondary indexes not included)", numItems));
        if (dryRun()) {
            err().println("--dry-run: nothing written.");
            return ExitCodes.OK;
        }
        List<MutationJob.Unit> units = FillJob.units(numItems);
        if (folder.resuming() && !folder.resumedPlan().units().equals(units)) {
            throw BulkException.usage("--resume " + resume.resume() + ": its plan has " + folder.resumedPlan().units().size()
                    + " units, not the " + units.size() + " of --numitems " + numItems + "; give the same command");
        }
        folder.writePlan(run, units);
        safety.confirm(String.format("%s %,d generated items into table '%s' at %s?", folder.resuming() ? "Resume writing"
                : "Write", numItems, info.tableName(), settings.describe()), err());
        FillJob.Spec spec = new FillJob.Spec(settings, ref.apiName(), info.keySchema(), script, rate.rate(),
                new FailureFile.Location(run.outputDir().toAbsolutePath().toString(), ref.name()), run.runId());
        return fill(run, spec, ref, units);
    }

    /** Runs the units not yet done, each writing what its earlier attempts had not had confirmed; prints the counts. */
    private int fill(RunContext run, FillJob.Spec spec, TableRef ref, List<MutationJob.Unit> units) {
        Checkpoints checkpoints = new Checkpoints(run.outputDir(), unit -> UnitJournal.Redo.SKIPS_DONE);
        List<FillJob.Part> parts = remainingParts(run, checkpoints, units);
        long startMillis = System.currentTimeMillis();
        JobRunner.Job job = JobRunner.Job.of("fill " + ref.name(), "filled", numItems)
                .whenStopped(() -> {
                    MutationJob.Counts confirmed = MutationRun.stopped(checkpoints, units, startMillis);
                    record(run, confirmed);
                    return String.format("%,d items confirmed written", confirmed.done());
                });
        long repeated;
        try {
            repeated = tables().direct() ? fillDirect(run, spec, parts, job, checkpoints)
                    : fillOnSpark(run, spec, parts, job, checkpoints);
        } catch (BulkException failure) {
            if (failure.kind() == BulkException.Kind.USAGE) {
                throw failure;
            }
            throw new BulkException(failure.kind(), failure.getMessage() + ". Nothing is lost: to write the rest, run the "
                    + "same command with --resume " + RunFolder.resumeHandle(run), failure);
        }
        MutationJob.Counts total = checkpoints.confirmed(units);
        record(run, total);
        run.count("repeatedKeys", repeated);
        out().println(String.format("Total records filled: %,d", total.done()));
        if (repeated > 0) {
            out().println(String.format("Note: %,d of them repeated a key the same task had already written, so the table "
                    + "gained at most %,d new items.", repeated, total.done() - repeated));
        }
        if (total.failed() > 0) {
            err().println(String.format("%,d items failed; each is listed with its error in %s", total.failed(),
                    run.outputDir().resolve("failures")));
            return ExitCodes.PARTIAL;
        }
        return ExitCodes.OK;
    }

    /** The parts as Spark tasks; returns how many items repeated a key their task had written. */
    private long fillOnSpark(RunContext run, FillJob.Spec spec, List<FillJob.Part> parts, JobRunner.Job job,
            Checkpoints checkpoints) {
        SparkSession spark = tables().spark();
        MutationJob.Accumulators accumulators = new MutationJob.Accumulators(spark);
        LongAccumulator repeatedKeys = spark.sparkContext().longAccumulator("repeatedKeys");
        tables().runner(spark, run).run(job.counting(() -> accumulators.totals().done(),
                () -> Math.round(accumulators.totals().writeUnits() * 1000)), () -> {
                    FillJob.run(spark, spec, parts, accumulators, repeatedKeys, checkpoints);
                    return null;
                });
        return repeatedKeys.value();
    }

    /** The parts on the direct engine; returns how many items repeated a key their unit had written. */
    private long fillDirect(RunContext run, FillJob.Spec spec, List<FillJob.Part> parts, JobRunner.Job job,
            Checkpoints checkpoints) {
        MutationJob.Tally tally = new MutationJob.Tally();
        LongAdder repeatedKeys = new LongAdder();
        Budget budget = run.budget(null, FillJob.budgetName(spec), spec.writeRate());
        FillJob.runDirect(tables().directRunner(run, 1), job.counting(() -> tally.totals().done(),
                () -> Math.round(tally.totals().writeUnits() * 1000)), spec, parts, budget, tally, repeatedKeys, checkpoints);
        return repeatedKeys.sum();
    }

    /**
     * The units still to do, each with the part of its quota that its earlier attempts (of a
     * killed, cancelled or failed run) had not had confirmed.
     */
    private List<FillJob.Part> remainingParts(RunContext run, Checkpoints checkpoints, List<MutationJob.Unit> units) {
        Map<String, MutationJob.Counts> finished = checkpoints.completed();
        List<Long> quotas = FillJob.quotas(numItems);
        List<FillJob.Part> parts = new ArrayList<>();
        long written = 0;
        for (int i = 0; i < units.size(); i++) {
            MutationJob.Unit unit = units.get(i);
            MutationJob.Counts done = finished.get(unit.id());
            if (done != null) {
                written += done.done();
                continue;
            }
            long earlier = checkpoints.unfinished(unit).done();
            written += earlier;
            parts.add(new FillJob.Part(unit, Math.max(0, quotas.get(i) - earlier)));
        }
        if (folder.resuming()) {
            checkpoints.removeFailuresOfUnfinished(finished.keySet());
            err().println(String.format("Resuming run %s: %,d of %,d units already done, %,d items confirmed written, %,d to "
                    + "go.", run.runId(), units.size() - parts.size(), units.size(), written, numItems - written));
        }
        return parts;
    }

    private static void record(RunContext run, MutationJob.Counts counts) {
        run.count("written", counts.done());
        run.count("failed", counts.failed());
        run.count("writeUnits", counts.writeUnits());
    }

    /**
     * Calls the generator a few times on the driver before anything is written: a generator that
     * throws, returns junk, or makes items without the table's keys is a usage error now, not a
     * failure in every task. Returns the average item size.
     */
    private double sample(ScriptRef script, TableInfo info) {
        ItemGenerator instance;
        try {
            instance = script.newInstance(ItemGenerator.class);
        } catch (RuntimeException e) {
            throw BulkException.usage("--generator " + generator.generator() + ": cannot create it: " + JobFailures.rootMessage(e));
        }
        long bytes = 0;
        long items = 0;
        for (int call = 0; call < SAMPLE_CALLS; call++) {
            List<Map<String, AttributeValue>> generated;
            try {
                generated = FillJob.Generated.items(instance.generate());
            } catch (RuntimeException e) {
                throw BulkException.usage("--generator " + generator.generator() + ": failed on a sample call: " + e);
            }
            for (Map<String, AttributeValue> item : generated) {
                String problem = info.keySchema().problemWith(item);
                if (problem != null) {
                    throw BulkException.usage("--generator " + generator.generator() + ": its items do not fit table '" + info.tableName()
                            + "' (key " + info.keySchema() + "): " + problem);
                }
                bytes += AttributeValues.itemSize(item);
                items++;
            }
        }
        if (items == 0) {
            throw BulkException.usage("--generator " + generator.generator() + ": returned no items in " + SAMPLE_CALLS + " sample calls");
        }
        return (double) bytes / items;
    }
}
