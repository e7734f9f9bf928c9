package dev.bulk.verbs.mutate;

import dev.bulk.BulkException;
import dev.bulk.output.RunContext;
import dev.bulk.verbs.BackupOption;
import dev.bulk.verbs.ConsistentReadOption;
import dev.bulk.verbs.LimitOption;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.OrderByOption;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.ResumeOption;
import dev.bulk.verbs.RunFolder;
import dev.bulk.verbs.SafetyOptions;
import dev.bulk.verbs.SegmentsOption;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.WhereOption;
import dev.bulk.verbs.WriteDeadline;
import dev.bulk.verbs.WriteRateOptions;
import dev.bulk.verbs.WritersOption;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deletes the items matching --where (all items without it), optionally only the first --limit by --orderby.",
                KeyDeletes.CONDITION_HELP,
                "With --where/--orderby/--limit, a first pass finds the matching keys and stages them in the run folder "
                        + "(staged/); the count is shown before anything is deleted, and the deletes work from that list.",
                "--orderby needs --limit: without one every match is deleted and an order means nothing, so it is refused.",
                "Needs point-in-time recovery on the table (--skip-pitr-check to override). Resumable with --resume."})
public final class DeleteVerb extends TableVerb {
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
    SegmentsOption segments;

    @Mixin
    TableOption tableOption;

    @Mixin
    WriteDeadline writeDeadline = new WriteDeadline();

    @Mixin
    ConsistentReadOption consistentRead;

    @Mixin
    BackupOption backup;

    @Mixin
    WhereOption where;

    @Mixin
    OrderByOption orderBy;

    @Mixin
    LimitOption limit;

    private RunFolder folder;
    private MutationRun mutation;

    @Override
    protected RunContext openRun(List<String> arguments) {
        folder = runFolder(resume, this::fingerprint);
        mutation = new MutationRun(this, folder, writers, segments, consistentRead, KeyDeletes::redo);
        return folder.open(arguments);
    }

    private KeyDeletes deletes() {
        return new KeyDeletes(tables(), mutation, folder.resuming(), dryRun(), readRates, writeRates, safety, writeDeadline,
                backup);
    }

    @Override
    protected void validate() {
        readRates.validate();
        writeRates.validate();
        segments.validate();
        writers.validate();
        limit.validate();
        if (orderBy.orderBy() != null && limit.limit() == null) {
            throw BulkException.usage("--orderby " + String.join(" ", orderBy.orderBy()) + ": needs --limit (without a limit "
                    + "every matching item is deleted, so an order would change nothing)");
        }
    }

    private Map<String, String> fingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--table", tableOption.table());
        flags.put("--where", where.where());
        flags.put("--orderby", orderBy.orderBy() == null ? null : String.join(" ", orderBy.orderBy()));
        flags.put("--limit", limit.limit() == null ? null : limit.limit().toString());
        return flags;
    }

    /** All items: a keys-only scan feeds the deletes; with --where/--limit the matches' keys are staged first. */
    @Override
    protected int execute(RunContext run) throws IOException {
        KeyDeletes deletes = deletes();
        tables().chooseEngine(where.where() != null ? WhereOption.NEEDS_SPARK
                : limit.limit() != null ? "--limit is applied by Spark SQL" : null);
        KeyDeletes.Opened table = deletes.open(tableOption.table());
        if (where.where() == null && limit.limit() == null) {
            return deletes.deleteAll(run, table);
        }
        MutationRun.Staged staged = mutation.stage(run, tables().spark(), tableOption.table(), table.read(), readRates,
                where.where(), orderBy.orderBy(), limit.limit(), new KeyOnly(table.read().info().keySchema()));
        return deletes.deleteStaged(run, table, staged);
    }
}
