package dev.bulk.verbs.mutate;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.ClientSettings;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.TableTemplate;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.UnitJournal;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.BackupOption;
import dev.bulk.verbs.ConsistentReadOption;
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
import java.util.ArrayList;
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
                "Key schemas must match. A missing target is refused unless --create-target, which creates it like the source "
                        + "(key schema, GSIs and LSIs with their projections, billing mode and provisioned throughput; not streams, "
                        + "encryption, TTL, PITR or tags). Reads are limited by --XMaxReadRate on the source, writes by --XMaxWriteRate on the "
                        + "target; segments are shuffled and each page is written in random order, so the target is not fed "
                        + "in key-hash order. With --where the matches are staged in the run folder first.",
                "--replace-range (needs --where, the range): afterwards the target's items matching --where are exactly the "
                        + "source's; the target's items in the range the source lacks are deleted after the copy.",
                "Needs point-in-time recovery on the target (--skip-pitr-check to override; not for a table --create-target "
                        + "just made). Resumable with --resume."})
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

    @Option(names = "--create-target", description = "Create a missing --target like --source (key schema, indexes, "
            + "billing) and wait until it is ACTIVE; an existing target must have the source's key schema.")
    boolean createTarget;

    @Option(names = "--replace-range", description = "Make the target's items matching --where (the key range) exactly the "
            + "source's: also delete the target's items in the range that the source does not have.")
    boolean replaceRange;

    @Mixin
    ConsistentReadOption consistentRead;

    @Mixin
    BackupOption backup;

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
        if (replaceRange && whereOption.where() == null) {
            throw BulkException.usage("--replace-range: needs the range as --where (e.g. --where \"pk = 'a'\" or "
                    + "--where \"pk BETWEEN 'a' AND 'm'\"); without one it would replace the whole table");
        }
    }

    @Override
    protected RunContext openRun(List<String> arguments) {
        folder = runFolder(resume, this::fingerprint);
        // A redone unit copies its items again: a put of the same item twice leaves the same item. A redone
        // unit of --replace-range's stale keys tries them all again and finds the deleted ones gone.
        mutation = new MutationRun(this, folder, writers, segmentsOption, consistentRead,
                unit -> RangeReplace.isDeleteUnit(unit) ? KeyDeletes.redo(unit) : UnitJournal.Redo.REPEATS);
        return folder.open(arguments);
    }

    private Map<String, String> fingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--source", source);
        flags.put("--target", targetTable);
        flags.put("--where", whereOption.where());
        flags.put("--source-endpoint", sourceEndpoint);
        flags.put("--target-endpoint", targetEndpoint);
        if (replaceRange) {
            flags.put("--replace-range", "true");
        }
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
        if (!tables().chooseEngine(whereOption.where() != null ? WhereOption.NEEDS_SPARK : null)) {
            tables().startSparkEarly();
        }
        from = describe("--source", from);
        boolean created;
        try {
            to = describe("--target", to);
            created = false;
        } catch (BulkException missing) {
            if (missing.subject() != BulkException.Subject.TABLE) {
                throw missing;
            }
            if (!createTarget) {
                throw BulkException.usage(missing.getMessage() + " (--create-target creates it like the source)");
            }
            tables().printTableInfo(from.info(), from.settings());
            if (dryRun()) {
                return wouldCreate(run, from, to);
            }
            to = create(run, from, to);
            created = true;
        }
        if (!created) {
            tables().printTableInfo(from.info(), from.settings());
        }
        tables().printTableInfo(to.info(), to.settings());
        if (!from.info().keySchema().equals(to.info().keySchema())) {
            throw BulkException.usage("--target " + targetTable + ": its key (" + to.info().keySchema() + ") differs from the "
                    + "source's (" + from.info().keySchema() + "); key schemas must match");
        }
        if (!created) {
            // A table this run just made holds nothing a point-in-time restore could bring back.
            safety.requirePitr(to.session(), to.ref(), err());
        }
        Throughput readRate = tables().readRate(readRates, from.info(), from.session());
        Throughput writeRate = tables().writeRate(writeRates, to.info(), to.session());
        SparkSession spark = tables().sparkUnlessDirect();
        MutationAction.Target target = mutation.target(run, spark, to.settings(), to.ref(), to.info(), writeRate, dryRun());
        Planned planned = whereOption.where() == null ? scanAll(run, spark, from, to, readRate, writeRate, target)
                : stageMatches(run, spark, from, to, readRate, writeRate, target);
        return copy(run, spark, from, to, planned, created);
    }

    /** --create-target with --dry-run: what would be created, and nothing is. */
    private int wouldCreate(RunContext run, Side from, Side to) {
        TableTemplate template = TableTemplate.of(from.session(), from.ref());
        run.count("wouldCopy", from.info().itemCount());
        out().println(String.format("--dry-run: would create table '%s' at %s like '%s' (%s), then copy about %,d items into it "
                + "(nothing was created or written)", to.ref().name(), to.settings().describe(), from.info().tableName(),
                template.describe(), from.info().itemCount()));
        return ExitCodes.OK;
    }

    /** --create-target: the target made like the source (after a yes), ACTIVE, described. */
    private Side create(RunContext run, Side from, Side to) {
        TableTemplate template = TableTemplate.of(from.session(), from.ref());
        safety.confirm(String.format("Create table '%s' at %s like '%s' (%s)?", to.ref().name(), to.settings().describe(),
                from.info().tableName(), template.describe()), err());
        DynamoSession session = new DynamoSession(to.settings());
        // CreateTable takes a name, never an ARN: the new table is in the account and region of the target's settings.
        template.create(session, to.ref().name());
        err().println(String.format("Created table '%s' at %s: %s", to.ref().name(), to.settings().describe(),
                template.describe()));
        Map<String, String> fact = new LinkedHashMap<>();
        fact.put("table", to.ref().name());
        fact.put("shape", template.describe());
        run.fact("createdTarget", fact);
        return describe("--target", to);
    }

    /** The units of the copy (and of --replace-range's stale keys), its jobs and the items it expects. */
    private record Planned(List<MutationJob.Unit> units, MutationJob.Spec job, long expected, RangeReplace.Stale stale,
            MutationJob.Spec deletes) {
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
        return new Planned(units, job, from.info().itemCount(), null, null);
    }

    private Planned stageMatches(RunContext run, SparkSession spark, Side from, Side to, Throughput readRate,
            Throughput writeRate, MutationAction.Target target) throws IOException {
        MutationRun.Staged staged = mutation.stage(run, spark, source, new Tables.ReadTarget(from.settings(), from.info(),
                readRate), readRates, whereOption.where(), null, null, null);
        List<MutationJob.Unit> copyUnits = staged.units().stream().filter(unit -> !RangeReplace.isDeleteUnit(unit)).toList();
        mutation.printWriteCost(writeRates, to.info(), staged.count(), MutationRun.averageItemBytes(from.info()), writeRate,
                "copying");
        MutationJob.Spec job = mutation.spec(run, from.settings(), null, null, MutationAction.put(target),
                to.info().tableName(), false, spark);
        if (!replaceRange) {
            return new Planned(copyUnits, job, staged.count(), null, null);
        }
        RangeReplace.Stale stale = staleKeys(run, spark, to, staged);
        List<MutationJob.Unit> all = new ArrayList<>(copyUnits);
        all.addAll(stale.units());
        folder.writePlan(run, all);
        MutationJob.Spec deletes = mutation.spec(run, to.settings(), null, null, MutationAction.delete(target),
                to.info().tableName(), false, spark);
        return new Planned(copyUnits, job, staged.count(), stale, deletes);
    }

    /**
     * The stale keys of --replace-range: those a resumed run planned, else found now (finding them
     * again is safe: they are the target's items in the range that the source does not have).
     */
    private RangeReplace.Stale staleKeys(RunContext run, SparkSession spark, Side to, MutationRun.Staged staged)
            throws IOException {
        List<MutationJob.Unit> planned = staged.units().stream().filter(RangeReplace::isDeleteUnit).toList();
        if (!planned.isEmpty()) {
            return new RangeReplace.Stale(planned, -1);
        }
        Tables.ReadTarget target = new Tables.ReadTarget(to.settings(), to.info(),
                tables().readRate(readRates, to.info(), to.session()));
        return RangeReplace.stage(run, spark, mutation, tables(), targetTable, target, consistentRead.consistentRead(),
                whereOption.where(), staged.uri(), err());
    }

    private int copy(RunContext run, SparkSession spark, Side from, Side to, Planned planned, boolean created) {
        RangeReplace.Stale stale = planned.stale();
        if (dryRun()) {
            backup.take(run, to.settings(), to.ref(), true, err());
            MutationJob.Counts counts = mutation.runUnits(run, spark, planned.job(), planned.units(), "scanned",
                    planned.expected());
            run.count("wouldCopy", counts.done());
            out().println(String.format("--dry-run: would copy %,d items from '%s' into '%s' (nothing was written)",
                    counts.done(), from.info().tableName(), to.info().tableName()));
            if (stale != null) {
                run.count("wouldDeleteFromRange", stale.count());
                out().println(String.format("--dry-run: would delete %,d items of the range from '%s' that the source does "
                        + "not have", stale.count(), to.info().tableName()));
            }
            return ExitCodes.OK;
        }
        safety.confirm(String.format("%s %s%,d items from '%s' at %s into '%s' at %s%s?", folder.resuming() ? "Resume copying"
                : "Copy", whereOption.where() == null ? "about " : "", planned.expected(), from.info().tableName(),
                from.settings().describe(), to.info().tableName(), to.settings().describe(),
                stale == null ? "" : stale.count() < 0 ? ", then delete the planned items of the range it lacks"
                : String.format(", then delete the %,d items of the range it lacks", stale.count())), err());
        if (created) {
            err().println("No backup of '" + to.info().tableName() + "': this run has just created it.");
        } else {
            backup.take(run, to.settings(), to.ref(), false, err());
        }
        MutationJob.Counts counts = mutation.runUnits(run, spark, planned.job(), planned.units(), "copied", planned.expected());
        run.count("copied", counts.done());
        out().println(String.format("Total records copied: %,d", counts.done()));
        if (stale == null) {
            return mutation.exitCode(run, counts);
        }
        MutationJob.Counts deleted = mutation.runUnits(run, spark, planned.deletes(), stale.units(), "deleted",
                Math.max(0, stale.count()));
        run.count("deletedFromRange", deleted.done());
        out().println(String.format("Deleted %,d items of the range that the source does not have", deleted.done()));
        MutationRun.record(run, counts.plus(deleted));
        return mutation.exitCode(run, counts.plus(deleted));
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
