package dev.bulk.verbs;

import dev.bulk.BulkException;
import picocli.CommandLine.Option;

/**
 * --format: a result format (find, sql, export), a diff format (diff) or an input format (load).
 * The values and the default are the verb's, so both are in its help line in OptionHelp.properties
 * and the verb passes its default here; load has none and requires the flag.
 */
public final class FormatOption {
    @Option(names = "--format", paramLabel = "FORMAT", descriptionKey = "format", description = "The format.")
    String format;

    /** The format given, else the verb's default. */
    public String orDefault(String fallback) {
        return format != null ? format : fallback;
    }

    /** The format given; picocli's own one line (exit 2) when it is missing. */
    public String required() {
        if (format == null) {
            throw BulkException.usage("Missing required option: '--format=FORMAT'");
        }
        return format;
    }
}
