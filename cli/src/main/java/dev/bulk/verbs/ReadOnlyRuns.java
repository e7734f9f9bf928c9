package dev.bulk.verbs;

import dev.bulk.BulkHome;
import dev.bulk.engine.RunPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the read-only verbs (count, scancount, find, sql, diff) keep their run folders without
 * --output: {@code $BULK_HOME/runs/<run-id>/}, not the working directory, since nobody needs them
 * to resume anything and a session of queries would otherwise leave a folder per command behind.
 * Only the newest {@link #KEPT} finished ones stay. Runs that change a table, and export, whose
 * files are what the user asked for, keep theirs in ./bulk-output/ and are never pruned.
 */
public final class ReadOnlyRuns {
    /** How many finished read-only run folders stay in $BULK_HOME/runs/ (the README says so). */
    public static final int KEPT = 50;
    /** A run id (yyyyMMdd-HHmmss-verb-xxxx): nothing else in the folder is ever deleted, and names sort by time. */
    private static final Pattern RUN_ID = Pattern.compile("\\d{8}-\\d{6}-[a-z0-9-]+");

    private ReadOnlyRuns() {
    }

    /** $BULK_HOME/runs, the parent of the read-only verbs' run folders. */
    public static Path folder() {
        return BulkHome.path().resolve("runs");
    }

    /**
     * Deletes the finished run folders beyond the newest {@link #KEPT}. A folder without
     * summary.json is a run still going (another command's), and one with a plan.json belongs to
     * a run that could be resumed: both stay. Never fails the command; a folder that cannot be
     * deleted is named in a warning.
     */
    static void prune(Path runs, PrintStream err) {
        List<Path> finished;
        try (Stream<Path> children = Files.list(runs)) {
            finished = children.filter(dir -> RUN_ID.matcher(dir.getFileName().toString()).matches())
                    .filter(dir -> Files.isRegularFile(dir.resolve("summary.json")) && !RunPlan.exists(dir))
                    .sorted(Comparator.comparing((Path dir) -> dir.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            return; // no runs folder (yet): nothing to prune
        }
        for (Path old : finished.subList(Math.min(KEPT, finished.size()), finished.size())) {
            try {
                deleteTree(old);
            } catch (IOException | RuntimeException e) {
                err.println("warning: could not delete the old run folder " + old + ": " + e.getMessage());
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
