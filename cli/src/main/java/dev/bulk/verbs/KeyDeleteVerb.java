package dev.bulk.verbs;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What delete and truncate share: every delete is a DeleteItem conditioned on the item still
 * existing, and "Deleted N items" is what DynamoDB confirmed.
 */
abstract class KeyDeleteVerb extends MutationVerb {
    static final String CONDITION_HELP = "Each delete is a DeleteItem with ConditionExpression attribute_exists(<partition key>): "
            + "an item someone else deleted since the scan is counted as already gone, not deleted, and no delete is sent "
            + "blind. Deletes run from a thread pool per task, rate limited (--XMaxWriteRate).";

    @Mixin
    SegmentsOption segmentsOption;

    @Mixin
    TableOption tableOption;

    @Mixin
    WriteDeadline writeDeadline = new WriteDeadline();

    /** The table, described, its info printed, PITR checked, both budgets resolved. */
    record Opened(TableRef ref, ReadTarget read, Throughput writeRate) {
    }

    Opened open() {
        TableRef ref = ScanCountVerb.parseTable(tableOption.table);
        ReadTarget read = openForRead(ref, null);
        DynamoSession session = new DynamoSession(read.settings());
        requirePitr(session, ref);
        Throughput writeRate = resolveRate(Throughput.Mode.WRITE, read.info(), session);
        return new Opened(ref, read, writeRate);
    }

    /** Deletes every item: a keys-only parallel scan feeding conditional deletes, one unit per segment group. */
    int deleteAll(RunContext run, Opened table) {
        TableInfo info = table.read().info();
        printScanCost(info, table.read().rate(), true);
        printWriteCost(info, info.itemCount(), averageItemBytes(info), table.writeRate(), "deleting about");
        List<MutationJob.Unit> units = scanUnits(run, info);
        SparkSession spark = spark();
        int totalSegments = units.stream().mapToInt(unit -> unit.segments().size()).sum();
        ScanSpec scan = keysOnly(table.ref(), info.keySchema(), totalSegments);
        MutationAction.Target target = writeDeadline.apply(target(spark, table.read().settings(), table.ref(), info,
                table.writeRate(), runOptions.dryRun));
        MutationJob.Spec job = spec(run, table.read().settings(), scan,
                readBudget(spark, table.read().settings(), table.ref(), table.read().rate()), MutationAction.delete(target),
                info.tableName(), false, spark);
        if (runOptions.dryRun) {
            MutationJob.Counts counts = runUnits(run, spark, job, units, "scanned", info.itemCount());
            run.count("wouldDelete", counts.done());
            out().println(String.format("--dry-run: would delete %,d items from '%s' (nothing was deleted)", counts.done(),
                    info.tableName()));
            return ExitCodes.OK;
        }
        confirm(String.format("%s all items (about %,d) of table '%s' at %s?", resuming() ? "Resume deleting" : "Delete",
                info.itemCount(), info.tableName(), table.read().settings().describe()));
        MutationJob.Counts counts = runUnits(run, spark, job, units, "deleted", info.itemCount());
        return report(run, counts);
    }

    /**
     * A redone delete of a scan unit rescans and no longer meets what its earlier attempts
     * deleted; one of staged keys tries them all again and finds those gone.
     */

    @Override
    SegmentsOption scanSegments() {
        return segmentsOption;
    }

    @Override
    UnitJournal.Redo redo(MutationJob.Unit unit) {
        return unit.file() != null ? UnitJournal.Redo.FINDS_DONE_GONE : UnitJournal.Redo.SKIPS_DONE;
    }

    int report(RunContext run, MutationJob.Counts counts) {
        run.count("deleted", counts.done());
        run.count("deletedAfterLostReply", counts.replyLost());
        run.count("alreadyGone", counts.conditionFailed());
        out().println(String.format("Deleted %,d items", counts.done()));
        if (counts.replyLost() > 0) {
            err().println(String.format("%,d of them confirmed gone after a lost reply: the answer to a delete never arrived, "
                    + "and its retry found the item gone (counted as deleted, not as deleted by someone else).",
                    counts.replyLost()));
        }
        if (counts.conditionFailed() > 0) {
            err().println(String.format("%,d matched items were already gone when their delete arrived; nothing was written "
                    + "for them. Deleted by someone else since they were found%s.", counts.conditionFailed(), resuming()
                    ? ", or by the killed run being resumed in its last moment (after its journal's last entry, so it "
                    + "could not count them)" : ""));
        }
        return exitCode(run, counts);
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

    Map<String, String> baseFingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--table", tableOption.table);
        return flags;
    }

}
