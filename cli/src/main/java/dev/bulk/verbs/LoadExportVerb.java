package dev.bulk.verbs;

import picocli.CommandLine.Command;

@Command(name = "load-export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loads a DynamoDB export to S3 (full or incremental, DYNAMODB_JSON) into --table: a full export's "
                        + "items are put; an incremental export's changes are applied (new image put, or the key deleted).",
                "Checked before anything is written: the manifests against their MD5 files, the item counts, the table's key "
                        + "on the first records, and every data file's MD5 and record count. Data files are found relative to "
                        + "--s3-path, so a copied or moved export loads.",
                "Needs point-in-time recovery on the table (--skip-pitr-check to override). One resumable unit per data file "
                        + "(--resume)."})
public final class LoadExportVerb extends ExportLoadVerb {
    @Override
    boolean revert() {
        return false;
    }
}
