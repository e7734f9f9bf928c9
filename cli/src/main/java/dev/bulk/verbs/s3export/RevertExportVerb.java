package dev.bulk.verbs.s3export;

import dev.bulk.BulkException;
import dev.bulk.engine.s3export.S3ExportLayout;
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

@Command(name = "revert-export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Undoes the changes of an incremental export (NEW_AND_OLD_IMAGES) on --table: each record's old "
                        + "image is written back (an insert is deleted, an update or delete gets its old item back).",
                "Writes blindly, as the reference does: a later change to an item is overwritten by its old image.",
                "Same checks, transforms, safety rails and --resume as load-export."})
public final class RevertExportVerb extends TableVerb {
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

    /** The old images of an incremental export's records written back to the table. */
    @Override
    protected int execute(RunContext run) throws IOException {
        return apply.run(run, true, this::checkExport);
    }

    /** Only an incremental export with old images can be reverted. */
    private void checkExport(S3ExportLayout layout) {
        String s3Path = export.s3Path.path();
        if (!layout.incremental()) {
            throw BulkException.usage("--s3-path " + s3Path + ": revert-export requires an incremental export (this one is "
                    + layout.exportType() + ")");
        }
        if (!"NEW_AND_OLD_IMAGES".equals(layout.outputView())) {
            throw BulkException.usage("--s3-path " + s3Path + ": revert-export requires output view NEW_AND_OLD_IMAGES (this "
                    + "export's is " + layout.outputView() + ": it has no old images to restore)");
        }
    }
}
