package dev.bulk.verbs;

import dev.bulk.output.ResultFormat;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags of the verbs that write a result (find, sql). */
final class ResultFlags {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "Result file format: json (plain JSON lines, numbers exact), ddb-json (DynamoDB JSON lines as "
                    + "DynamoDB's S3 export writes them: lossless), csv (header; nested values as JSON text), parquet. "
                    + "Default: ${DEFAULT-VALUE}.")
    String format;

    @Mixin
    S3Option s3;

    ResultFormat resultFormat() {
        return ResultFormat.parse(format);
    }
}
