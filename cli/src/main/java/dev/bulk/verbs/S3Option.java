package dev.bulk.verbs;

import picocli.CommandLine.Option;

/**
 * --s3-endpoint, for the verbs that read or write s3:// paths; which path it applies to (--output
 * or --s3-path) is in the verb's help line in OptionHelp.properties.
 */
public final class S3Option {
    @Option(names = "--s3-endpoint", paramLabel = "URL", descriptionKey = "s3-endpoint",
            description = "Endpoint of an S3-compatible store for an s3:// or s3a:// --output (path-style access).")
    String s3Endpoint;

    public String s3Endpoint() {
        return s3Endpoint;
    }
}
