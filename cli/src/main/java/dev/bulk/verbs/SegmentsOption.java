package dev.bulk.verbs;

import dev.bulk.BulkException;
import dev.bulk.dynamo.SegmentPlanner;
import picocli.CommandLine.Option;

/** --segments, for the verbs that scan a table (help line per verb in OptionHelp.properties). */
public final class SegmentsOption {
    @Option(names = "--segments", paramLabel = "N", descriptionKey = "segments",
            description = "Scan segments (default: planned from the table size).")
    Integer segments;

    /** The value given, or null to plan the count from the table. */
    public Integer segments() {
        return segments;
    }

    public void validate() {
        if (segments != null && (segments < SegmentPlanner.MIN_SEGMENTS || segments > SegmentPlanner.MAX_SEGMENTS)) {
            throw BulkException.usage("--segments: must be between 1 and 1,000,000, got " + segments);
        }
    }
}
