package dev.bulk.output;

import java.util.Set;

/**
 * The names of a run folder's own entries, beside the result a verb writes (an export's
 * {@code result/}): the one list of them, so that reading a run folder back as data (load's
 * --s3-path) leaves them out. The writers name them from here.
 */
public final class RunFiles {
    /** The counts and settings of the run ({@link RunContext}). */
    public static final String SUMMARY = "summary.json";
    /** A mutating run's plan (engine.RunPlan). */
    public static final String PLAN = "plan.json";
    /** The finished units of a mutating run (engine.Checkpoints). */
    public static final String CHECKPOINTS = "checkpoints";
    /** What each unit's task confirmed so far (engine.UnitJournal). */
    public static final String JOURNAL = "journal";
    /** The matches of a --where, staged before a mutation writes them. */
    public static final String STAGED = "staged";
    /** The target's keys in a copy's --replace-range that the source lacks, staged before they are deleted. */
    public static final String STALE = "stale";
    /** The items and rows that failed, with their keys (dynamo.FailureFile, engine.load.LoadJob). */
    public static final String FAILURES = "failures";

    private static final Set<String> ALL = Set.of(SUMMARY, PLAN, CHECKPOINTS, JOURNAL, STAGED, STALE, FAILURES);

    private RunFiles() {
    }

    /** Whether the first part of a path inside a folder is one of a run's own entries. */
    public static boolean isRunEntry(String relativePath) {
        int slash = relativePath.indexOf('/');
        return ALL.contains(slash < 0 ? relativePath : relativePath.substring(0, slash));
    }

    /**
     * Whether any part of a path inside a folder is hidden from Spark's file readers: a name that
     * starts with {@code _} or {@code .} (_SUCCESS, .crc checksums, _temporary folders).
     */
    public static boolean isHidden(String relativePath) {
        for (String part : relativePath.split("/")) {
            if (part.startsWith("_") || part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
