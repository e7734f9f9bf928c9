package dev.bulk.verbs;

import dev.bulk.BulkException;
import picocli.CommandLine.Option;

/** --numitems: how many items fill writes (required there) or quickstart fills (optional; help per verb in OptionHelp.properties). */
public final class NumItemsOption {
    @Option(names = "--numitems", paramLabel = "N", descriptionKey = "numitems", description = "Number of items to write (> 0).")
    Long numItems;

    /** The number given, or null; a usage error when it is not positive. */
    public Long numItems() {
        if (numItems != null && numItems <= 0) {
            throw BulkException.usage("--numitems: must be a positive number of items, got " + numItems);
        }
        return numItems;
    }

    /** The number given; picocli's own one line (exit 2) when it is missing. */
    public long required() {
        if (numItems == null) {
            throw BulkException.usage("Missing required option: '--numitems=N'");
        }
        return numItems();
    }
}
