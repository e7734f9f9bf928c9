package dev.bulk.verbs.mutate;

import dev.bulk.output.RunContext;
import dev.bulk.verbs.BackupOption;
import dev.bulk.verbs.ConsistentReadOption;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.ReadRateOptions;
import dev.bulk.verbs.ResumeOption;
import dev.bulk.verbs.RunFolder;
import dev.bulk.verbs.SafetyOptions;
import dev.bulk.verbs.SegmentsOption;
import dev.bulk.verbs.TableOption;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.WriteDeadline;
import dev.bulk.verbs.WriteRateOptions;
import dev.bulk.verbs.WritersOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "truncate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deletes every item of a table, keeping the table (its settings, indexes, streams and PITR history).",
                "A parallel scan returns only the keys; " + KeyDeletes.CONDITION_HELP,
                "Needs point-in-time recovery on the table (--skip-pitr-check to override). Resumable with --resume."})
public final class TruncateVerb extends TableVerb {
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
    }

    private Map<String, String> fingerprint() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--table", tableOption.table());
        return flags;
    }

    @Override
    protected int execute(RunContext run) {
        KeyDeletes deletes = deletes();
        tables().chooseEngine(null);
        return deletes.deleteAll(run, deletes.open(tableOption.table()));
    }
}
