package dev.bulk;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * bulk's own folder for what belongs to the user rather than to the directory a command runs in:
 * the DynamoDB Local server ({@code local/}) and the read-only verbs' run folders ({@code runs/}).
 * {@code ~/.bulk}, or {@code $BULK_HOME}; the system property {@code bulk.home} wins, so tests
 * keep theirs in the build's target folder.
 */
public final class BulkHome {
    private BulkHome() {
    }

    public static Path path() {
        String home = System.getProperty("bulk.home", System.getenv("BULK_HOME"));
        return home != null && !home.isBlank() ? Paths.get(home) : Paths.get(System.getProperty("user.home"), ".bulk");
    }
}
