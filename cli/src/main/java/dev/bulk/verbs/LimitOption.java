package dev.bulk.verbs;

import dev.bulk.BulkException;
import picocli.CommandLine.Option;

/** --limit, at most N items or rows (help line per verb in OptionHelp.properties). */
public final class LimitOption {
    @Option(names = "--limit", paramLabel = "N", descriptionKey = "limit",
            description = "At most N items (the first N in --orderby order).")
    Long limit;

    /** The limit, or null for none. */
    public Long limit() {
        return limit;
    }

    /** A positive value Spark's limit takes (an int). */
    public void validate() {
        if (limit != null && limit <= 0) {
            throw BulkException.usage("--limit: must be a positive integer, got " + limit);
        }
        if (limit != null && limit > Integer.MAX_VALUE) {
            throw BulkException.usage("--limit: at most " + Integer.MAX_VALUE + ", got " + limit);
        }
    }
}
