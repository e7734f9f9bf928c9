package dev.bulk.verbs.mutate;

import dev.bulk.BulkException;
import dev.bulk.ExitCodes;
import dev.bulk.dynamo.AttributeValues;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.DeclaredUpdate;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.UnitJournal;
import dev.bulk.output.RunContext;
import dev.bulk.output.RunFiles;
import dev.bulk.scripts.ScriptKind;
import dev.bulk.scripts.ScriptRef;
import dev.bulk.verbs.BackupOption;
import dev.bulk.verbs.ConsistentReadOption;
import dev.bulk.verbs.GeneratorOption;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.ResumeOption;
import dev.bulk.verbs.RunFolder;
import dev.bulk.verbs.SafetyOptions;
import dev.bulk.verbs.ScriptsDirOption;
import dev.bulk.verbs.SegmentsOption;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.Tables;
import dev.bulk.verbs.WhereOption;
import dev.bulk.verbs.WriteDeadline;
import dev.bulk.verbs.WriteRateOptions;
import dev.bulk.verbs.WritersOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scans every item and applies the updater's UpdateItem to it (rate limited, one request per item).",
                "Either an update expression (--set, --remove, --add, with --where and --condition), the same UpdateItem "
                        + "for every item (or every match of --where), or a Java updater (--generator) that decides item by item.",
                "Every update is conditioned on the item still existing, so an item deleted meanwhile is not created again. "
                        + "With --where, the matching keys are staged first, and DynamoDB re-checks the condition (as far as it "
                        + "can express it) when it writes each item: a match that changed meanwhile is left alone.",
                "Built-in updater: touched (sets 'touched' to the current epoch seconds, if not already later). Your own: a "
                        + "single-file Java source at scripts/update/NAME.java (or --generator path/File.java) with a public class "
                        + "implementing dev.bulk.scripts.ItemUpdater: update(item) returns null (leave it) or an ItemUpdate (key, "
                        + "update expression, optional condition, names, values). It is compiled at run time.",
                "Before the run, the update (or the updater, on a sample of items) and each update it returns is checked by DynamoDB "
                        + "with a condition that cannot hold, so a bad update is refused (exit 2) with nothing changed.",
                "A failed condition is counted, not an error; an updater exception is listed with the item's key in the "
                        + "failure file and the run goes on. A resumed run calls the updater again on unfinished segments: keep "
                        + "updates idempotent (conditions help).",
                "Needs point-in-time recovery on the written table (--skip-pitr-check to override)."})
public final class UpdateVerb extends TableVerb {
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

    @Mixin
    TableOption tableOption;

    @Mixin
    GeneratorOption generator;

    @Mixin
    UpdateClauseOptions clauses;

    @Mixin
    WhereOption where;

    @Option(names = "--dest-table", paramLabel = "NAME|ARN",
            description = "Apply the updates to this table (same key schema) instead of --table.")
    String destTable;

    @Mixin
    WriteDeadline writeDeadline = new WriteDeadline();

    @Mixin
    ScriptsDirOption scripts;

    @Mixin
    ConsistentReadOption consistentRead;

    @Mixin
    BackupOption backup;

    private RunFolder folder;
    private MutationRun mutation;

    @Override
    protected void validate() {
        readRates.validate();
        writeRates.validate();
        segmentsOption.validate();
        writers.validate();
        if (generator.generator() != null && clauses.given()) {
            throw BulkException.usage("--generator " + generator.generator() + ": cannot be combined with " + clauses.describe()
                    + " (the update is either a Java updater or an update expression)");
        }
        if (generator.generator() == null && !clauses.given()) {
            throw BulkException.usage(clauses.condition != null ? "--condition \"" + clauses.condition + "\": needs --set, "
                    + "--remove or --add (the update it conditions)" : "update: needs --set/--remove/--add (an update "
                    + "expression) or --generator NAME|FILE.java (a Java updater)");
        }
        if (generator.generator() != null && where.where() != null) {
            throw BulkException.usage("--where " + where.where() + ": applies to --set/--remove/--add; a Java updater "
                    + "chooses its items itself (it returns null for those it leaves alone)");
        }
        if (clauses.given()) {
            clauses.check();
        }
    }

    @Override
    protected RunContext openRun(List<String> arguments) {
        folder = runFolder(resume, this::fingerprint);
        // A redone unit rescans and calls the updater again on what its earlier attempts updated.
        mutation = new MutationRun(this, folder, writers, segmentsOption, consistentRead,
                unit -> UnitJournal.Redo.REPEATS);
        return folder.open(arguments);
    }

    private Map<String, String> fingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--table", tableOption.table());
        flags.put("--generator", generator.generator());
        flags.put("--set/--remove/--add/--condition", clauses.given() ? clauses.describe() : null);
        flags.put("--where", where.where());
        flags.put("--dest-table", destTable);
        return flags;
    }

    /** A scan of --table through the updater into --table (or --dest-table), after the updater is tried on a sample. */
    @Override
    protected int execute(RunContext run) throws IOException {
        if (clauses.given()) {
            return executeDeclared(run);
        }
        ScriptRef updater = generator.resolve(ScriptKind.UPDATE, scripts);
        TableRef ref = Tables.parseTable("--table", tableOption.table());
        tables().chooseEngine(null);
        Tables.ReadTarget read = tables().openForRead(ref, null, readRates);
        DynamoSession session = new DynamoSession(read.settings());
        Written written = written(ref, read, session);
        TableInfo info = read.info();
        UpdateProbes.checkUpdater(updater, "--generator " + generator.generator(), session, ref, written.ref(), info, err());
        mutation.printScanCost(readRates, info, read.rate(), false);
        mutation.printWriteCost(writeRates, written.info(), info.itemCount(), MutationRun.averageItemBytes(info),
                written.rate(), "updating at most");
        List<MutationJob.Unit> units = mutation.scanUnits(run, info);
        SparkSession spark = tables().sparkUnlessDirect();
        int totalSegments = units.stream().mapToInt(unit -> unit.segments().size()).sum();
        ScanSpec scan = new ScanSpec(ref, null, totalSegments, false, null, null, null, null, false);
        MutationAction.Target target = writeDeadline.apply(mutation.target(run, spark, read.settings(), written.ref(),
                written.info(), written.rate(), dryRun()));
        MutationJob.Spec job = mutation.spec(run, read.settings(), scan,
                mutation.readBudget(run, spark, read.settings(), ref, read.rate()), MutationAction.update(target, updater),
                written.info().tableName(), false, spark);
        if (dryRun()) {
            backup.take(run, read.settings(), written.ref(), true, err());
            MutationJob.Counts counts = mutation.runUnits(run, spark, job, units, "scanned", info.itemCount());
            run.count("wouldUpdate", counts.done());
            out().println(String.format("--dry-run: the updater would update %,d of %,d items (%,d non-updates, %,d updater "
                    + "errors); conditions were not evaluated and nothing was written", counts.done(), counts.processed(),
                    counts.skipped(), counts.failed()));
            return ExitCodes.OK;
        }
        safety.confirm(String.format("%s every item of '%s' through updater '%s'%s?", folder.resuming() ? "Resume updating"
                : "Update", info.tableName(), updater.displayName(), destTable == null ? "" : " into '"
                + written.info().tableName() + "'"), err());
        backup.take(run, read.settings(), written.ref(), false, err());
        return report(run, mutation.runUnits(run, spark, job, units, "updated", info.itemCount()));
    }

    /**
     * The same UpdateItem for every item (a keys-only scan) or for every staged match of --where,
     * conditioned on the item still existing, on --condition, and on the --where as far as DynamoDB
     * can express it.
     */
    private int executeDeclared(RunContext run) throws IOException {
        TableRef ref = Tables.parseTable("--table", tableOption.table());
        tables().chooseEngine(where.where() != null ? WhereOption.NEEDS_SPARK : null);
        Tables.ReadTarget read = tables().openForRead(ref, null, readRates);
        DynamoSession session = new DynamoSession(read.settings());
        TableInfo info = read.info();
        DeclaredUpdate declared = clauses.parse(info.keySchema());
        Written written = written(ref, read, session);
        SparkSession spark = tables().sparkUnlessDirect();
        if (where.where() != null && destTable == null) {
            declared = WhereRecheck.add(declared, spark, tableOption.table(), where.where(), read, segmentsOption.segments(),
                    run.runId(), err());
        } else if (where.where() != null) {
            err().println("note: --where selects items of --table; the items written in --dest-table are not re-checked");
        }
        UpdateProbes.checkDeclared(declared, clauses.describe(), session, ref, written.ref(), info);
        MutationAction.Target target = writeDeadline.apply(mutation.target(run, spark, read.settings(), written.ref(),
                written.info(), written.rate(), dryRun()));
        MutationAction action = MutationAction.update(target, declared);
        List<MutationJob.Unit> units;
        MutationJob.Spec job;
        long expected;
        if (where.where() != null) {
            MutationRun.Staged staged = mutation.stage(run, spark, tableOption.table(), read, readRates, where.where(), null,
                    null, new KeyOnly(info.keySchema()));
            units = staged.units();
            expected = staged.count();
            job = mutation.spec(run, read.settings(), null, null, action, written.info().tableName(), false, spark);
        } else {
            mutation.printScanCost(readRates, info, read.rate(), true);
            units = mutation.scanUnits(run, info);
            expected = info.itemCount();
            int totalSegments = units.stream().mapToInt(unit -> unit.segments().size()).sum();
            job = mutation.spec(run, read.settings(), KeyDeletes.keysOnly(ref, info.keySchema(), totalSegments),
                    mutation.readBudget(run, spark, read.settings(), ref, read.rate()), action, written.info().tableName(),
                    false, spark);
        }
        mutation.printWriteCost(writeRates, written.info(), expected, MutationRun.averageItemBytes(info), written.rate(),
                "updating at most");
        if (dryRun()) {
            MutationJob.Counts counts = mutation.runUnits(run, spark, job, units, "scanned", expected);
            run.count("wouldUpdate", counts.done());
            out().println(String.format("--dry-run: would update %,d items; conditions were not evaluated and nothing was "
                    + "written", counts.done()));
            return ExitCodes.OK;
        }
        safety.confirm(String.format("%s %s of '%s'%s with %s?", folder.resuming() ? "Resume updating" : "Update",
                where.where() == null ? "every item" : String.format("the %,d matching items", expected), info.tableName(),
                destTable == null ? "" : " into '" + written.info().tableName() + "'", clauses.describe()), err());
        MutationJob.Counts counts = mutation.runUnits(run, spark, job, units, "updated", expected);
        if (counts.failed() > 0 && counts.done() == 0) {
            // The same request for every item: when none went through, DynamoDB's answer to one says why for all.
            err().println("No update went through; DynamoDB's answer for the first item: " + firstError(run));
        }
        return report(run, counts);
    }

    private static String firstError(RunContext run) {
        Path failures = run.outputDir().resolve(RunFiles.FAILURES);
        try (Stream<Path> files = Files.list(failures)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                try (Stream<String> lines = Files.lines(file)) {
                    String first = lines.filter(line -> !line.isBlank()).findFirst().orElse(null);
                    if (first != null) {
                        return AttributeValues.parseJson(first).path("error").asText();
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + failures + ": " + e.getMessage() + ")";
        }
        return "(none recorded in " + failures + ")";
    }

    /** The table the updates go to, described, PITR checked, its write budget resolved. */
    private record Written(TableRef ref, TableInfo info, Throughput rate) {
    }

    private Written written(TableRef ref, Tables.ReadTarget read, DynamoSession session) {
        TableRef writtenRef = ref;
        TableInfo written = read.info();
        if (destTable != null) {
            writtenRef = Tables.parseTable("--dest-table", destTable);
            written = Tables.describeSide("--dest-table", writtenRef, session);
            if (!written.keySchema().equals(read.info().keySchema())) {
                throw BulkException.usage("--dest-table " + destTable + ": its key (" + written.keySchema() + ") differs from "
                        + "--table's (" + read.info().keySchema() + ")");
            }
            tables().printTableInfo(written, read.settings());
        }
        safety.requirePitr(session, writtenRef, err());
        return new Written(writtenRef, written, tables().writeRate(writeRates, written, session));
    }

    private int report(RunContext run, MutationJob.Counts counts) {
        run.count("updated", counts.done());
        run.count("nonUpdates", counts.skipped());
        run.count("conditionsFailed", counts.conditionFailed());
        run.count("updatedAfterLostReply", counts.replyLost());
        run.count("outcomeUnknown", counts.outcomeUnknown());
        out().println(String.format("Processed %,d records: (%,d updates, %,d non-updates, %,d conditions failed)",
                counts.processed(), counts.done(), counts.skipped(), counts.conditionFailed()));
        if (counts.replyLost() > 0) {
            err().println(String.format("%,d of the updates were confirmed after a lost reply: the answer never arrived, the "
                    + "retry's condition failed, and reading the item showed the update in place.", counts.replyLost()));
        }
        if (counts.outcomeUnknown() > 0) {
            err().println(String.format("%,d updates have an unknown outcome: the answer never arrived and the retry's condition "
                    + "failed, and the item does not show whether the update was applied; each is in the failure file.",
                    counts.outcomeUnknown()));
        }
        return mutation.exitCode(run, counts);
    }
}
