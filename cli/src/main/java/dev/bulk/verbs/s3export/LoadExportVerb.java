package dev.bulk.verbs.s3export;

import dev.bulk.output.RunContext;
import dev.bulk.verbs.MutationRun;
import dev.bulk.verbs.ResumeOption;
import dev.bulk.verbs.RunFolder;
import dev.bulk.verbs.SafetyOptions;
import dev.bulk.verbs.TableVerb;
import dev.bulk.verbs.WriteRateOptions;
import dev.bulk.verbs.WritersOption;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "load-export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loads a DynamoDB export to S3 (full or incremental, DYNAMODB_JSON) into --table: a full export's "
                        + "items are put; an incremental export's changes are applied (new image put, or the key deleted).",
                "Checked before anything is written: the manifests against their MD5 files, the item counts, the table's key "
                        + "on the first records, and every data file's MD5 and record count. Data files are found relative to "
                        + "--s3-path, so a copied or moved export loads.",
                "Needs point-in-time recovery on the table (--skip-pitr-check to override). One resumable unit per data file "
                        + "(--resume)."})
public final class LoadExportVerb extends TableVerb {
    @Mixin
    WriteRateOptions writeRates;

    @Mixin
    SafetyOptions safety;

    @Mixin
    ResumeOption resume;

    @Mixin
    WritersOption writers;

    @Mixin
    ExportFlags export;

    private ExportApply apply;

    @Override
    protected void validate() {
        writeRates.validate();
        writers.validate();
    }

    @Override
    protected RunContext openRun(List<String> arguments) {
        RunFolder folder = runFolder(resume, export::fingerprint);
        MutationRun mutation = new MutationRun(this, folder, writers, null, ExportApply::redo);
        apply = new ExportApply(tables(), folder, mutation, dryRun(), target.profile(), writeRates, safety, export);
        return folder.open(arguments);
    }

    /** The export's records (new images, or the deletes of an incremental export) written to the table. */
    @Override
    protected int execute(RunContext run) throws IOException {
        return apply.run(run, false, layout -> { });
    }
}
