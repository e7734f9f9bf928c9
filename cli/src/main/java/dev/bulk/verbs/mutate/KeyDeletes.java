package dev.bulk.verbs.mutate;

import dev.bulk.ExitCodes;
import dev.bulk.dynamo.DynamoSession;
import dev.bulk.dynamo.KeySchema;
import dev.bulk.dynamo.ScanSpec;
import dev.bulk.dynamo.TableInfo;
import dev.bulk.dynamo.TableRef;
import dev.bulk.dynamo.Throughput;
import dev.bulk.engine.MutationAction;
import dev.bulk.engine.MutationJob;
import dev.bulk.engine.UnitJournal;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.BackupOption;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.SafetyOptions;
import dev.bulk.verbs.Tables;
import dev.bulk.verbs.WriteDeadline;
import dev.bulk.verbs.WriteRateOptions;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What delete and truncate share: every delete is a DeleteItem conditioned on the item still
 * existing, and "Deleted N items" is what DynamoDB confirmed.
 */
final class KeyDeletes {
    static final String CONDITION_HELP = "Each delete is a DeleteItem with ConditionExpression attribute_exists(<partition key>): "
            + "an item someone else deleted since the scan is counted as already gone, not deleted, and no delete is sent "
            + "blind. Deletes run from a thread pool per task, rate limited (--XMaxWriteRate).";

    /** The table, described, its info printed, PITR checked, both budgets resolved. */
    record Opened(TableRef ref, Tables.ReadTarget read, Throughput writeRate) {
    }

    private final Tables tables;
    private final MutationRun mutation;
    private final boolean resuming;
    private final boolean dryRun;
    private final ReadRateOptions readRates;
    private final WriteRateOptions writeRates;
    private final SafetyOptions safety;
    private final WriteDeadline deadline;
    private final BackupOption backup;

    KeyDeletes(Tables tables, MutationRun mutation, boolean resuming, boolean dryRun, ReadRateOptions readRates,
            WriteRateOptions writeRates, SafetyOptions safety, WriteDeadline deadline, BackupOption backup) {
        this.tables = tables;
        this.mutation = mutation;
        this.resuming = resuming;
        this.dryRun = dryRun;
        this.readRates = readRates;
        this.writeRates = writeRates;
        this.safety = safety;
        this.deadline = deadline;
        this.backup = backup;
    }

    Opened open(String table) {
        TableRef ref = Tables.parseTable("--table", table);
        Tables.ReadTarget read = tables.openForRead(ref, null, readRates);
        DynamoSession session = new DynamoSession(read.settings());
        safety.requirePitr(session, ref, tables.err());
        Throughput writeRate = tables.writeRate(writeRates, read.info(), session);
        return new Opened(ref, read, writeRate);
    }

    /** Deletes every item: a keys-only parallel scan feeding conditional deletes, one unit per segment group. */
    int deleteAll(RunContext run, Opened table) {
        TableInfo info = table.read().info();
        mutation.printScanCost(readRates, info, table.read().rate(), true);
        mutation.printWriteCost(writeRates, info, info.itemCount(), MutationRun.averageItemBytes(info), table.writeRate(),
                "deleting about");
        List<MutationJob.Unit> units = mutation.scanUnits(run, info);
        SparkSession spark = tables.sparkUnlessDirect();
        int totalSegments = units.stream().mapToInt(unit -> unit.segments().size()).sum();
        ScanSpec scan = keysOnly(table.ref(), info.keySchema(), totalSegments);
        MutationAction.Target target = deadline.apply(mutation.target(run, spark, table.read().settings(), table.ref(), info,
                table.writeRate(), dryRun));
        MutationJob.Spec job = mutation.spec(run, table.read().settings(), scan,
                mutation.readBudget(run, spark, table.read().settings(), table.ref(), table.read().rate()),
                MutationAction.delete(target), info.tableName(), false, spark);
        if (dryRun) {
            backup.take(run, table.read().settings(), table.ref(), true, tables.err());
            MutationJob.Counts counts = mutation.runUnits(run, spark, job, units, "scanned", info.itemCount());
            run.count("wouldDelete", counts.done());
            tables.out().println(String.format("--dry-run: would delete %,d items from '%s' (nothing was deleted)",
                    counts.done(), info.tableName()));
            return ExitCodes.OK;
        }
        safety.confirm(String.format("%s all items (about %,d) of table '%s' at %s?", resuming ? "Resume deleting" : "Delete",
                info.itemCount(), info.tableName(), table.read().settings().describe()), tables.err());
        backup.take(run, table.read().settings(), table.ref(), false, tables.err());
        MutationJob.Counts counts = mutation.runUnits(run, spark, job, units, "deleted", info.itemCount());
        return report(run, counts);
    }

    /** Deletes the staged keys of a --where run, one unit per staged file. */
    int deleteStaged(RunContext run, Opened opened, MutationRun.Staged staged) {
        TableInfo info = opened.read().info();
        if (dryRun) {
            backup.take(run, opened.read().settings(), opened.ref(), true, tables.err());
            run.count("wouldDelete", staged.count());
            tables.out().println(String.format("--dry-run: would delete %,d items from '%s' (nothing was deleted)",
                    staged.count(), info.tableName()));
            return ExitCodes.OK;
        }
        mutation.printWriteCost(writeRates, info, staged.count(), MutationRun.averageItemBytes(info), opened.writeRate(),
                "deleting");
        safety.confirm(String.format("%s %,d items from table '%s' at %s?", resuming ? "Resume deleting" : "Delete",
                staged.count(), info.tableName(), opened.read().settings().describe()), tables.err());
        backup.take(run, opened.read().settings(), opened.ref(), false, tables.err());
        SparkSession spark = tables.spark();
        MutationAction.Target target = deadline.apply(mutation.target(run, spark, opened.read().settings(), opened.ref(), info,
                opened.writeRate(), false));
        MutationJob.Spec job = mutation.spec(run, opened.read().settings(), null, null, MutationAction.delete(target),
                info.tableName(), false, spark);
        return report(run, mutation.runUnits(run, spark, job, staged.units(), "deleted", staged.count()));
    }

    /**
     * A redone delete of a scan unit rescans and no longer meets what its earlier attempts
     * deleted; one of staged keys tries them all again and finds those gone.
     */
    static UnitJournal.Redo redo(MutationJob.Unit unit) {
        return unit.file() != null ? UnitJournal.Redo.FINDS_DONE_GONE : UnitJournal.Redo.SKIPS_DONE;
    }

    private int report(RunContext run, MutationJob.Counts counts) {
        PrintStream err = tables.err();
        run.count("deleted", counts.done());
        run.count("deletedAfterLostReply", counts.replyLost());
        run.count("alreadyGone", counts.conditionFailed());
        tables.out().println(String.format("Deleted %,d items", counts.done()));
        if (counts.replyLost() > 0) {
            err.println(String.format("%,d of them confirmed gone after a lost reply: the answer to a delete never arrived, "
                    + "and its retry found the item gone (counted as deleted, not as deleted by someone else).",
                    counts.replyLost()));
        }
        if (counts.conditionFailed() > 0) {
            err.println(String.format("%,d matched items were already gone when their delete arrived; nothing was written "
                    + "for them. Deleted by someone else since they were found%s.", counts.conditionFailed(), resuming
                    ? ", or by the killed run being resumed in its last moment (after its journal's last entry, so it "
                    + "could not count them)" : ""));
        }
        return mutation.exitCode(run, counts);
    }

    static ScanSpec keysOnly(TableRef ref, KeySchema keys, int totalSegments) {
        Map<String, String> names = new LinkedHashMap<>();
        StringBuilder projection = new StringBuilder();
        for (String key : keys.names()) {
            String placeholder = "#k" + names.size();
            names.put(placeholder, key);
            projection.append(projection.length() == 0 ? "" : ", ").append(placeholder);
        }
        return new ScanSpec(ref, null, totalSegments, false, null, projection.toString(), names, null, false);
    }
}
