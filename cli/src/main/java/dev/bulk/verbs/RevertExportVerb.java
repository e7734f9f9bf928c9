package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.engine.s3export.S3ExportLayout;
import picocli.CommandLine.Command;

@Command(name = "revert-export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Undoes the changes of an incremental export (NEW_AND_OLD_IMAGES) on --table: each record's old "
                        + "image is written back (an insert is deleted, an update or delete gets its old item back).",
                "Writes blindly, as the reference does: a later change to an item is overwritten by its old image.",
                "Same checks, transforms, safety rails and --resume as load-export."})
public final class RevertExportVerb extends ExportLoadVerb {
    @Override
    boolean revert() {
        return true;
    }

    @Override
    void checkExport(S3ExportLayout layout) {
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
