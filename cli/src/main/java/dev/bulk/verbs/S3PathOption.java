package dev.bulk.verbs;

import picocli.CommandLine.Option;

/** --s3-path, the files a verb reads: load's input, or the folder of a DynamoDB export (help per verb in OptionHelp.properties). */
public final class S3PathOption {
    @Option(names = "--s3-path", required = true, paramLabel = "PATH", descriptionKey = "s3-path",
            description = "A local file or folder, or s3://bucket/key-or-prefix (folders are read recursively; names "
                    + "starting with _ or . are skipped).")
    String path;

    public String path() {
        return path;
    }
}
