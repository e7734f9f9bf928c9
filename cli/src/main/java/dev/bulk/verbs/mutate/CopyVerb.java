package dev.bulk.verbs.mutate;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.UnitJournal;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.ResumeOption;
import dev.bulk.verbs.RunFolder;
import dev.bulk.verbs.SafetyOptions;
import dev.bulk.verbs.SegmentsOption;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.Tables;
import dev.bulk.verbs.TargetOptions;
import dev.bulk.verbs.WhereOption;
import dev.bulk.verbs.WriteRateOptions;
import dev.bulk.verbs.WritersOption;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "copy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copies the items of --source (those matching --where, if given) into --target, byte for byte "
                        + "(BatchWriteItem puts; an item with the same key in the target is overwritten).",
                "The tables may be in other regions, accounts or endpoints: per-side --source-/--target-profile, -region, "
                        + "-endpoint (the plain --profile/--region/--endpoint/--local apply to both sides), or tables as ARNs.",
                "Key schemas must match. Reads are limited by --XMaxReadRate on the source, writes by --XMaxWriteRate on the "
                        + "target; segments are shuffled and each page is written in random order, so the target is not fed "
                        + "in key-hash order. With --where the matches are staged in the run folder first.",
                "Needs point-in-time recovery on the target (--skip-pitr-check to override). Resumable with --resume."})
public final class CopyVerb extends TableVerb {
    @Mixin
    ReadRateOptions readRates;

    @Mixin
    WriteRateOptions writeRates;

    @Mixin
    SafetyOptions safety;

    @Mixin
    ResumeOption resume;

    @Mixin
    WritersOption writers;

    @Mixin
    SegmentsOption segmentsOption;

    @Option(names = "--source", required = true, paramLabel = "NAME|ARN", description = "The table to copy from.")
    String source;

    @Option(names = "--target", required = true, paramLabel = "NAME|ARN", description = "The table to copy into.")
    String targetTable;

    @Mixin
    WhereOption whereOption;

    @Option(names = "--source-profile", paramLabel = "NAME", description = "AWS profile for the source.")
    String sourceProfile;

    @Option(names = "--target-profile", paramLabel = "NAME", description = "AWS profile for the target.")
    String targetProfile;

    @Option(names = "--source-region", paramLabel = "REGION", description = "Region of the source.")
    String sourceRegion;

    @Option(names = "--target-region", paramLabel = "REGION", description = "Region of the target.")
    String targetRegion;

    @Option(names = "--source-endpoint", paramLabel = "URL", description = "DynamoDB endpoint of the source.")
    String sourceEndpoint;

    @Option(names = "--target-endpoint", paramLabel = "URL", description = "DynamoDB endpoint of the target.")
    String targetEndpoint;

    private RunFolder folder;
    private MutationRun mutation;

    @Override
    protected void validate() {
        readRates.validate();
        writeRates.validate();
        segmentsOption.validate();
        writers.validate();
        if (sourceEndpoint != null) {
            TargetOptions.validateEndpoint("--source-endpoint", sourceEndpoint);
        }
        if (targetEndpoint != null) {
            TargetOptions.validateEndpoint("--target-endpoint", targetEndpoint);
        }
    }

    @Override
    protected RunContext openRun(List<String> arguments) {
        folder = runFolder(resume, this::fingerprint);
        // A redone unit copies its items again: a put of the same item twice leaves the same item.
        mutation = new MutationRun(this, folder, writers, segmentsOption, unit -> UnitJournal.Redo.REPEATS);
        return folder.open(arguments);
    }

    private Map<String, String> fingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--source", source);
        flags.put("--target", targetTable);
        flags.put("--where", whereOption.where());
        flags.put("--source-endpoint", sourceEndpoint);
        flags.put("--target-endpoint", targetEndpoint);
        return flags;
    }

    private record Side(TableRef ref, ClientSettings settings, DynamoSession session, TableInfo info) {
    }

    /** Both sides described and checked, then a scan (or the staged matches of --where) of the source put into the target. */
    @Override
    protected int execute(RunContext run) throws IOException {
        Side from = side("--source", source, sourceEndpoint, sourceRegion, sourceProfile);
        Side to = side("--target", targetTable, targetEndpoint, targetRegion, targetProfile);
        if (from.ref().name().equals(to.ref().name()) && Objects.equals(from.ref().arn(), to.ref().arn())
                && Objects.equals(from.settings().endpoint(), to.settings().endpoint())
                && Objects.equals(from.settings().region(), to.settings().region())
                && Objects.equals(from.settings().profile(), to.settings().profile())) {
            throw BulkException.usage("--target " + targetTable + ": --source and --target must be different tables (same name "
                    + "at " + from.settings().describe() + ")");
        }
        tables().startSparkEarly();
        from = describe("--source", from);
        to = describe("--target", to);
        tables().printTableInfo(from.info(), from.settings());
        tables().printTableInfo(to.info(), to.settings());
        if (!from.info().keySchema().equals(to.info().keySchema())) {
            throw BulkException.usage("--target " + targetTable + ": its key (" + to.info().keySchema() + ") differs from the "
                    + "source's (" + from.info().keySchema() + "); key schemas must match");
        }
        safety.requirePitr(to.session(), to.ref(), err());
        Throughput readRate = tables().readRate(readRates, from.info(), from.session());
        Throughput writeRate = tables().writeRate(writeRates, to.info(), to.session());
        SparkSession spark = tables().spark();
        MutationAction.Target target = mutation.target(run, spark, to.settings(), to.ref(), to.info(), writeRate, dryRun());
        Planned planned = whereOption.where() == null ? scanAll(run, spark, from, to, readRate, writeRate, target)
                : stageMatches(run, spark, from, to, readRate, writeRate, target);
        return copy(run, spark, from, to, planned);
    }

    /** The units of the copy, its job and the items it expects. */
    private record Planned(List<MutationJob.Unit> units, MutationJob.Spec job, long expected) {
    }

    private Planned scanAll(RunContext run, SparkSession spark, Side from, Side to, Throughput readRate, Throughput writeRate,
            MutationAction.Target target) {
        mutation.printScanCost(readRates, from.info(), readRate, false);
        mutation.printWriteCost(writeRates, to.info(), from.info().itemCount(), MutationRun.averageItemBytes(from.info()),
                writeRate, "copying about");
        List<MutationJob.Unit> units = mutation.scanUnits(run, from.info());
        int totalSegments = units.stream().mapToInt(unit -> unit.segments().size()).sum();
        ScanSpec scan = new ScanSpec(from.ref(), null, totalSegments, false, null, null, null, null, false);
        MutationJob.Spec job = mutation.spec(run, from.settings(), scan,
                mutation.readBudget(run, spark, from.settings(), from.ref(), readRate), MutationAction.put(target),
                to.info().tableName(), true, spark);
        return new Planned(units, job, from.info().itemCount());
    }

    private Planned stageMatches(RunContext run, SparkSession spark, Side from, Side to, Throughput readRate,
            Throughput writeRate, MutationAction.Target target) throws IOException {
        MutationRun.Staged staged = mutation.stage(run, spark, source, new Tables.ReadTarget(from.settings(), from.info(),
                readRate), readRates, whereOption.where(), null, null, null);
        mutation.printWriteCost(writeRates, to.info(), staged.count(), MutationRun.averageItemBytes(from.info()), writeRate,
                "copying");
        MutationJob.Spec job = mutation.spec(run, from.settings(), null, null, MutationAction.put(target),
                to.info().tableName(), false, spark);
        return new Planned(staged.units(), job, staged.count());
    }

    private int copy(RunContext run, SparkSession spark, Side from, Side to, Planned planned) {
        if (dryRun()) {
            MutationJob.Counts counts = mutation.runUnits(run, spark, planned.job(), planned.units(), "scanned",
                    planned.expected());
            run.count("wouldCopy", counts.done());
            out().println(String.format("--dry-run: would copy %,d items from '%s' into '%s' (nothing was written)",
                    counts.done(), from.info().tableName(), to.info().tableName()));
            return ExitCodes.OK;
        }
        safety.confirm(String.format("%s %s%,d items from '%s' at %s into '%s' at %s?", folder.resuming() ? "Resume copying"
                : "Copy", whereOption.where() == null ? "about " : "", planned.expected(), from.info().tableName(),
                from.settings().describe(), to.info().tableName(), to.settings().describe()), err());
        MutationJob.Counts counts = mutation.runUnits(run, spark, planned.job(), planned.units(), "copied", planned.expected());
        run.count("copied", counts.done());
        out().println(String.format("Total records copied: %,d", counts.done()));
        return mutation.exitCode(run, counts);
    }

    /** One side's table and client settings, not yet described. */
    private Side side(String flag, String table, String endpoint, String region, String profile) {
        TableRef ref = Tables.parseTable(flag, table);
        return new Side(ref, tables().sideSettings(flag.substring(2), ref, endpoint, region, profile), null, null);
    }

    private static Side describe(String flag, Side side) {
        DynamoSession session = new DynamoSession(side.settings());
        return new Side(side.ref(), side.settings(), session, Tables.describeSide(flag, side.ref(), session));
    }
}
